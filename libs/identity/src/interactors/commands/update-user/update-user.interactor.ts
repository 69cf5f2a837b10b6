import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Actor, Clock, GrantGuard } from '@keyward/kernel';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { normalizeEmail, toUserView, UserView } from '../../../domain/user';
import { assertNotLastAdmin, requireUserActedOnBy } from '../../shared/users';

export interface UpdateUserCommand {
  actor: Actor;
  userId: string;
  email?: string;
  password?: string;
  name?: string | null;
  active?: boolean;
}

/**
 * Deactivating a user or setting their password revokes every session they have, at once. Another account must
 * hold nothing the actor lacks (else one could set an admin's password and log in as them); one's own may be edited.
 */
@Injectable()
export class UpdateUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly grants: GrantGuard,
  ) {}

  async execute(command: UpdateUserCommand): Promise<UserView> {
    const user = await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
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
