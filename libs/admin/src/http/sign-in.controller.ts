import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentClient, CurrentPrincipal } from '@keyward/core';
import { InvalidCredentialsError, InvalidMfaCodeError, IssuedSession, MfaTokenExpiredError } from '@keyward/identity';
import { ClientInfo, ForbiddenError, PermissionResolver, Principal } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminSignedOut, PANEL_PERMISSION } from './admin-guard';
import { AdminPages } from './admin-pages';
import { AdminSessions } from './admin-sessions';
import { MfaForm, SignInForm } from './dto/forms';

@AdminController()
export class SignInController {
  constructor(
    private readonly pages: AdminPages,
    private readonly sessions: AdminSessions,
    private readonly permissions: PermissionResolver,
  ) {}

  @Get('login')
  @AdminSignedOut()
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.render(request, reply, 'login', {});
  }

  /**
   * A normal login (same limits and audit as POST /auth/login). An account without `admin:access` gets no
   * session: the one the login started is revoked before the refusal.
   */
  @Post('login')
  @AdminSignedOut()
  async signIn(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() form: SignInForm,
    @CurrentClient() client: ClientInfo,
  ): Promise<FastifyReply> {
    let outcome;
    try {
      outcome = await this.sessions.signIn(form.email, form.password, client, reply);
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      return this.pages.render(request, reply, 'login', { problem: error.message, email: form.email }, 401);
    }
    if ('mfaRequired' in outcome) return this.pages.render(request, reply, 'login-mfa', { mfaToken: outcome.mfaToken });
    return this.admit(outcome, reply);
  }

  /** The second factor of an account with MFA; a wrong code leaves the pending login usable for another try. */
  @Post('login/mfa')
  @AdminSignedOut()
  async secondStep(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() form: MfaForm,
    @CurrentClient() client: ClientInfo,
  ): Promise<FastifyReply> {
    let issued;
    try {
      issued = await this.sessions.completeMfa(form.mfaToken, form.code, client, reply);
    } catch (error) {
      if (error instanceof InvalidMfaCodeError) {
        const data = { problem: error.message, mfaToken: form.mfaToken };
        return this.pages.render(request, reply, 'login-mfa', data, 401);
      }
      if (error instanceof MfaTokenExpiredError) {
        return this.pages.render(request, reply, 'login', { problem: error.message }, 401);
      }
      throw error;
    }
    return this.admit(issued, reply);
  }

  /** Only holders of `admin:access` keep the session a sign-in started. */
  private async admit(issued: IssuedSession, reply: FastifyReply): Promise<FastifyReply> {
    const held = await this.permissions.permissionsOf(issued.user.id);
    if (!held.has(PANEL_PERMISSION)) {
      await this.sessions.signOut({ userId: issued.user.id, sessionId: issued.sessionId, apiKeyId: null }, reply);
      throw new ForbiddenError(`Missing permission: ${PANEL_PERMISSION}`);
    }
    return this.pages.redirect(reply, '');
  }

  @Post('logout')
  async signOut(@CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<FastifyReply> {
    await this.sessions.signOut(principal, reply);
    return this.pages.redirect(reply, '/login', 'Signed out.');
  }
}
