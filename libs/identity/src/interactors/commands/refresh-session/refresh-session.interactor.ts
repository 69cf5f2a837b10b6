import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, Clock, Random } from '@keyward/kernel';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { hashRefreshToken, newRefreshToken, sessionIdOf } from '../../../domain/refresh-token';
import { IssuedSession, SessionIssuer } from '../../shared/session-issuer';

/**
 * Rotates the refresh token on every use. Presenting a token that was already rotated away means it
 * leaked (or a client raced itself): the store revokes the whole session.
 */
@Injectable()
export class RefreshSessionInteractor {
  constructor(
    private readonly sessions: SessionStore,
    private readonly users: UserRepository,
    private readonly issuer: SessionIssuer,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { refreshToken: string }): Promise<IssuedSession> {
    const sessionId = sessionIdOf(command.refreshToken);
    if (!sessionId) throw new InvalidRefreshTokenError();
    const current = await this.sessions.get(sessionId);
    if (!current) throw new InvalidRefreshTokenError();
    const now = this.clock.now();
    const next = newRefreshToken(sessionId, this.random.token(32));
    const idle = this.issuer.idleExpiry(now, current.absoluteExpiresAt);
    const result = await this.sessions.rotateRefreshToken(
      sessionId,
      hashRefreshToken(command.refreshToken),
      next.hash,
      now,
      idle,
    );
    if (result.outcome === 'reused') {
      // A leaked token, or a client racing itself: the store has revoked the session; an operator should know.
      await this.audit.record({
        actorId: current.userId,
        action: 'auth.refresh.reuse',
        targetType: 'session',
        targetId: sessionId,
        details: { sessionRevoked: true },
      });
      throw new RefreshTokenReusedError();
    }
    if (result.outcome === 'invalid') throw new InvalidRefreshTokenError();
    const user = await this.users.findById(result.session.userId);
    if (!user || !user.active) {
      await this.sessions.deleteAllForUser(result.session.userId);
      throw new InvalidRefreshTokenError();
    }
    return this.issuer.tokensFor(user, sessionId, next.token);
  }
}
