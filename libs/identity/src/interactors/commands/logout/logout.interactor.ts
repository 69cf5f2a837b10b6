import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, Principal } from '@keyward/kernel';

@Injectable()
export class LogoutInteractor {
  constructor(
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
  ) {}

  /** Ends the caller's session (or all of them); an API-key caller has no session of its own. */
  async execute(command: { principal: Principal; everywhere: boolean }): Promise<void> {
    const { userId, sessionId } = command.principal;
    let revoked = 0;
    if (command.everywhere) revoked = await this.sessions.deleteAllForUser(userId);
    else if (sessionId) revoked = (await this.sessions.deleteForUser(userId, sessionId)) ? 1 : 0;
    await this.audit.record({
      actorId: userId,
      action: 'auth.logout',
      targetType: command.everywhere ? 'user' : 'session',
      targetId: command.everywhere ? userId : sessionId,
      details: { everywhere: command.everywhere, sessionsRevoked: revoked },
    });
  }
}
