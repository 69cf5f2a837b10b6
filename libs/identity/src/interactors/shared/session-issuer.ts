import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { ClientInfo, Clock, Random } from '@keyward/kernel';
import { AccessTokens } from '../../domain/ports';
import { newRefreshToken } from '../../domain/refresh-token';
import { User } from '../../domain/user';
import { IdentityConfig } from '../../identity.config';

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  /** When the access token expires. */
  accessTokenExpiresAt: Date;
  sessionId: string;
  user: { id: string; email: string; name: string | null };
}

/** `sign-file`: the access token of `/token`, which lives as long as the original service's did. */
export type AccessTokenLifetime = 'standard' | 'sign-file';

/** Starts sessions and mints their tokens; shared by login, the sign-file token route and refresh. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: SessionStore,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly config: IdentityConfig,
  ) {}

  async start(user: User, client: ClientInfo, lifetime: AccessTokenLifetime = 'standard'): Promise<IssuedSession> {
    const now = this.clock.now();
    const sessionId = this.random.uuid();
    const refresh = newRefreshToken(sessionId, this.random.token(32));
    const absoluteExpiresAt = this.after(now, this.config.sessions.refreshTokenTtl);
    await this.sessions.create({
      id: sessionId,
      userId: user.id,
      refreshTokenHash: refresh.hash,
      ip: client.ip,
      userAgent: client.userAgent,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt,
      idleExpiresAt: this.idleExpiry(now, absoluteExpiresAt),
    });
    return this.tokensFor(user, sessionId, refresh.token, lifetime);
  }

  tokensFor(
    user: User,
    sessionId: string,
    refreshToken: string,
    lifetime: AccessTokenLifetime = 'standard',
  ): IssuedSession {
    const ttl = lifetime === 'sign-file' ? this.config.jwt.signFileTokenTtl : this.config.jwt.accessTokenTtl;
    const access = this.tokens.issue({ userId: user.id, sessionId }, ttl);
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      accessTokenExpiresAt: access.expiresAt,
      sessionId,
      user: { id: user.id, email: user.email, name: user.name },
    };
  }

  /** Idle expiry from `now`, never beyond the absolute one. */
  idleExpiry(now: Date, absoluteExpiresAt: Date): Date {
    const idle = this.after(now, this.config.sessions.idleTtl);
    return idle < absoluteExpiresAt ? idle : absoluteExpiresAt;
  }

  private after(now: Date, seconds: number): Date {
    return new Date(now.getTime() + seconds * 1000);
  }
}
