import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { NotFoundError } from '@keyward/kernel';

@Injectable()
export class RevokeSessionInteractor {
  constructor(private readonly sessions: SessionStore) {}

  /** Another user's session is indistinguishable from a missing one. */
  async execute(command: { userId: string; sessionId: string }): Promise<void> {
    if (!(await this.sessions.deleteForUser(command.userId, command.sessionId))) throw new NotFoundError('Session');
  }
}
