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
    // The user goes first, then their sessions: a login racing with this sees the user gone (see LoginInteractor).
    if (!(await this.users.delete(command.userId))) throw new NotFoundError('User');
    await this.sessions.deleteAllForUser(command.userId);
  }
}
