import { Injectable } from '@nestjs/common';
import { NotFoundError, SessionStore } from '@keyward/core';
import { UserRepository } from '../../../domain/ports';

/** Removes the account; its roles and API keys go with it (foreign keys), its sessions are revoked. */
@Injectable()
export class DeleteUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
  ) {}

  async execute(command: { userId: string }): Promise<void> {
    await this.sessions.deleteAllForUser(command.userId);
    if (!(await this.users.delete(command.userId))) throw new NotFoundError('User');
  }
}
