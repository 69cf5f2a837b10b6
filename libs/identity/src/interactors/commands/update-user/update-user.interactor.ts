import { Injectable } from '@nestjs/common';
import { Clock, SessionStore } from '@keyward/core';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { normalizeEmail, toUserView, UserView } from '../../../domain/user';
import { assertNotLastAdmin, requireUser } from '../../shared/users';

export interface UpdateUserCommand {
  userId: string;
  email?: string;
  password?: string;
  name?: string | null;
  active?: boolean;
}

/** Deactivating a user or setting their password revokes every session they have, at once. */
@Injectable()
export class UpdateUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateUserCommand): Promise<UserView> {
    const user = await requireUser(this.users, command.userId);
    if (command.active === false) await assertNotLastAdmin(this.users, user);
    const email = command.email === undefined ? user.email : normalizeEmail(command.email);
    if (command.password !== undefined) this.policy.check(command.password, { email });
    const updated = {
      ...user,
      email,
      name: command.name === undefined ? user.name : command.name?.trim() || null,
      active: command.active ?? user.active,
      passwordHash: command.password === undefined ? user.passwordHash : await this.hasher.hash(command.password),
      updatedAt: this.clock.now(),
    };
    await this.users.update(updated);
    if (command.password !== undefined || (user.active && !updated.active)) {
      await this.sessions.deleteAllForUser(user.id);
    }
    return toUserView(updated);
  }
}
