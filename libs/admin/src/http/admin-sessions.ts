import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpConfig } from '@keyward/core';
import {
  AuthenticateInteractor,
  CompleteMfaLoginInteractor,
  InvalidRefreshTokenError,
  IssuedSession,
  LoginInteractor,
  MfaPending,
  LogoutInteractor,
  RefreshSessionInteractor,
  RefreshTokenReusedError,
} from '@keyward/identity';
import { ClientInfo, Principal } from '@keyward/kernel';
import { adminRoot } from '../admin-root';
import {
  ADMIN_COOKIE_OPTIONS,
  decodeSessionCookie,
  encodeSessionCookie,
  SESSION_COOKIE,
  SessionTokens,
} from './admin-cookies';

/** How long a refresh is remembered, so that requests racing with the old cookie share its result. */
const REFRESH_SHARING_MS = 30_000;

/**
 * The panel's sign-in is a normal session (it shows in the user's session list and can be revoked there). Its
 * cookie holds the session's access and refresh tokens; every request authenticates the access token against
 * the session store, as the API does, so a revoked session fails at the next page. An expired access token is
 * refreshed (rotating the refresh token) and the cookie replaced.
 */
@Injectable()
export class AdminSessions {
  /**
   * Two pages loaded at once with an expired access token would both present the same refresh token, and the
   * second would look like reuse and revoke the session. Within one process they share the first's result.
   */
  private readonly refreshing = new Map<string, Promise<IssuedSession | null>>();

  constructor(
    private readonly http: HttpConfig,
    private readonly login: LoginInteractor,
    private readonly secondStep: CompleteMfaLoginInteractor,
    private readonly logout: LogoutInteractor,
    private readonly authenticate: AuthenticateInteractor,
    private readonly refresh: RefreshSessionInteractor,
  ) {}

  /**
   * Starts a session and sets its cookie; for an account with MFA, answers the pending login instead (no
   * session, no cookie) and the panel asks for the second factor.
   */
  async signIn(
    email: string,
    password: string,
    client: ClientInfo,
    reply: FastifyReply,
  ): Promise<IssuedSession | MfaPending> {
    const outcome = await this.login.execute({ email, password, client });
    if (!('mfaRequired' in outcome)) this.setCookie(reply, outcome);
    return outcome;
  }

  /**
   * The second step, as POST /auth/login/mfa (same attempt limits and audit): a six-digit answer is a TOTP code,
   * anything else a recovery code.
   */
  async completeMfa(mfaToken: string, answer: string, client: ClientInfo, reply: FastifyReply): Promise<IssuedSession> {
    const code = answer.replace(/\s+/g, '');
    const issued = await this.secondStep.execute(
      /^\d{6}$/.test(code) ? { mfaToken, code, client } : { mfaToken, recoveryCode: answer, client },
    );
    this.setCookie(reply, issued);
    return issued;
  }

  /** Ends the session (it is revoked in the store) and forgets the cookie. */
  async signOut(principal: Principal, reply: FastifyReply): Promise<void> {
    await this.logout.execute({ principal, everywhere: false });
    this.clearCookie(reply);
  }

  /** The principal of the request's cookie, refreshing its access token when needed; null when signed out. */
  async principalOf(request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
    const tokens = decodeSessionCookie(request.cookies[SESSION_COOKIE]);
    if (!tokens) return null;
    const principal = await this.authenticate.execute({ kind: 'bearer', token: tokens.accessToken });
    if (principal) return principal;
    const renewed = await this.renew(tokens);
    if (!renewed) {
      this.clearCookie(reply);
      return null;
    }
    this.setCookie(reply, renewed);
    return this.authenticate.execute({ kind: 'bearer', token: renewed.accessToken });
  }

  clearCookie(reply: FastifyReply): void {
    void reply.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  private setCookie(reply: FastifyReply, tokens: SessionTokens): void {
    void reply.setCookie(SESSION_COOKIE, encodeSessionCookie(tokens), this.cookieOptions());
  }

  private renew(tokens: SessionTokens): Promise<IssuedSession | null> {
    let pending = this.refreshing.get(tokens.refreshToken);
    if (!pending) {
      pending = this.refresh.execute({ refreshToken: tokens.refreshToken }).catch((error: unknown) => {
        // A revoked, expired or reused session means signed out; an unreachable store is an outage (503).
        if (error instanceof InvalidRefreshTokenError || error instanceof RefreshTokenReusedError) return null;
        throw error;
      });
      this.refreshing.set(tokens.refreshToken, pending);
      setTimeout(() => this.refreshing.delete(tokens.refreshToken), REFRESH_SHARING_MS).unref();
    }
    return pending;
  }

  private cookieOptions() {
    return ADMIN_COOKIE_OPTIONS(adminRoot(this.http), this.http.tls !== null);
  }
}
