import { Injectable } from '@nestjs/common';
import { NotFoundError, SessionStore } from '@keyward/core';

@Injectable()
export class RevokeSessionInteractor {
  constructor(private readonly sessions: SessionStore) {}

  /** Another user's session is indistinguishable from a missing one. */
  async execute(command: { userId: string; sessionId: string }): Promise<void> {
    if (!(await this.sessions.deleteForUser(command.userId, command.sessionId))) throw new NotFoundError('Session');
  }
}
