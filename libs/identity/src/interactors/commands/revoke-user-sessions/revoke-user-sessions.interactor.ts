import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Actor, GrantGuard } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { requireUserActedOnBy } from '../../shared/users';

@Injectable()
export class RevokeUserSessionsInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
    private readonly grants: GrantGuard,
  ) {}

  async execute(command: { actor: Actor; userId: string }): Promise<number> {
    await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    return this.sessions.deleteAllForUser(command.userId);
  }
}
