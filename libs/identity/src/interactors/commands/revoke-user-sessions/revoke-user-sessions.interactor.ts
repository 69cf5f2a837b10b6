import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Actor, actorIdOf, AuditLog, GrantGuard } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { requireUserActedOnBy } from '../../shared/users';

@Injectable()
export class RevokeUserSessionsInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; userId: string }): Promise<number> {
    await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    const revoked = await this.sessions.deleteAllForUser(command.userId);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'user.sessions.revoked',
      targetType: 'user',
      targetId: command.userId,
      details: { sessionsRevoked: revoked },
    });
    return revoked;
  }
}
