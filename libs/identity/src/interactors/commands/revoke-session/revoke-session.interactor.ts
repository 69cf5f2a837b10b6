import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, NotFoundError } from '@keyward/kernel';

@Injectable()
export class RevokeSessionInteractor {
  constructor(
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
  ) {}

  /** Another user's session is indistinguishable from a missing one. */
  async execute(command: { userId: string; sessionId: string }): Promise<void> {
    if (!(await this.sessions.deleteForUser(command.userId, command.sessionId))) throw new NotFoundError('Session');
    await this.audit.record({
      actorId: command.userId,
      action: 'session.revoked',
      targetType: 'session',
      targetId: command.sessionId,
      details: {},
    });
  }
}
