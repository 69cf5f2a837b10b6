import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Actor, actorIdOf, AuditLog, Clock, GrantGuard } from '@keyward/kernel';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { normalizeEmail, toUserView, User, UserView } from '../../../domain/user';
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
    private readonly audit: AuditLog,
  ) {}

  async execute(command: UpdateUserCommand): Promise<UserView> {
    const user = await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    if (command.active === false) await assertNotLastAdmin(this.users, user);
    const email = command.email === undefined ? user.email : normalizeEmail(command.email);
    if (command.password !== undefined) this.policy.check(command.password, { email });
    const updated = {
      ...user,
      email,
      // A new address is unproven until its owner follows a verification link sent to it.
      emailVerified: email === user.email && user.emailVerified,
      name: command.name === undefined ? user.name : command.name?.trim() || null,
      active: command.active ?? user.active,
      passwordHash: command.password === undefined ? user.passwordHash : await this.hasher.hash(command.password),
      updatedAt: this.clock.now(),
    };
    await this.users.update(updated);
    const deactivated = user.active && !updated.active;
    const revoked = command.password !== undefined || deactivated ? await this.sessions.deleteAllForUser(user.id) : 0;
    await this.recordChanges(command, user, updated, revoked);
    return toUserView(updated);
  }

  /** Which fields changed, never their values: a password is only ever named. */
  private async recordChanges(command: UpdateUserCommand, before: User, after: User, sessionsRevoked: number) {
    const event = { actorId: actorIdOf(command.actor), targetType: 'user', targetId: before.id } as const;
    if (before.active && !after.active)
      await this.audit.record({ ...event, action: 'user.deactivated', details: { sessionsRevoked } });
    const fields = [
      ...(after.email !== before.email ? ['email'] : []),
      ...(after.name !== before.name ? ['name'] : []),
      ...(!before.active && after.active ? ['active'] : []),
      ...(command.password !== undefined ? ['password'] : []),
    ];
    if (fields.length)
      await this.audit.record({ ...event, action: 'user.updated', details: { fields, sessionsRevoked } });
  }
}
