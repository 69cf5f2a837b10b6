import { Injectable } from '@nestjs/common';
import { NotFoundError, SessionStore } from '@keyward/core';
import { UserRepository } from '../../../domain/ports';
import { assertNotLastAdmin } from '../../shared/users';

/** Removes the account; its roles and API keys go with it (foreign keys), its sessions are revoked. */
@Injectable()
export class DeleteUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
  ) {}

  async execute(command: { userId: string }): Promise<void> {
    const user = await this.users.findById(command.userId);
    if (!user) throw new NotFoundError('User');
    await assertNotLastAdmin(this.users, user);
    // The user goes first, then their sessions: a login racing with this sees the user gone (see LoginInteractor).
    if (!(await this.users.delete(command.userId))) throw new NotFoundError('User');
    await this.sessions.deleteAllForUser(command.userId);
  }
}
