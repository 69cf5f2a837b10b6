import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

@Injectable()
export class RevokeUserSessionsInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
  ) {}

  async execute(command: { userId: string }): Promise<number> {
    await requireUser(this.users, command.userId);
    return this.sessions.deleteAllForUser(command.userId);
  }
}
