import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Actor, actorIdOf, AuditLog, GrantGuard, isActorSelf, NotFoundError } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { assertNotLastAdmin, requireUserActedOnBy } from '../../shared/users';

/** Removes the account; its roles and API keys go with it (foreign keys), its sessions are revoked. */
@Injectable()
export class DeleteUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; userId: string }): Promise<void> {
    const user = await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    await assertNotLastAdmin(this.users, user);
    // The user goes first, then their sessions: a login racing with this sees the user gone (see LoginInteractor).
    if (!(await this.users.delete(command.userId))) throw new NotFoundError('User');
    const revoked = await this.sessions.deleteAllForUser(command.userId);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'user.deleted',
      targetType: 'user',
      targetId: user.id,
      details: { self: isActorSelf(command.actor, user.id), sessionsRevoked: revoked },
    });
  }
}
