import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Principal } from '@keyward/kernel';

@Injectable()
export class LogoutInteractor {
  constructor(private readonly sessions: SessionStore) {}

  /** Ends the caller's session (or all of them); an API-key caller has no session of its own. */
  async execute(command: { principal: Principal; everywhere: boolean }): Promise<void> {
    const { userId, sessionId } = command.principal;
    if (command.everywhere) await this.sessions.deleteAllForUser(userId);
    else if (sessionId) await this.sessions.deleteForUser(userId, sessionId);
  }
}
