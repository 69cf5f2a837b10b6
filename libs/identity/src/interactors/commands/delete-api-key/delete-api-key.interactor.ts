import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, GrantGuard, NotFoundError } from '@keyward/kernel';
import { ApiKeyRepository, UserRepository } from '../../../domain/ports';
import { requireUserActedOnBy } from '../../shared/users';

/** Another account's keys are deleted only by an actor that account does not outrank (see GrantGuard). */
@Injectable()
export class DeleteApiKeyInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; userId: string; id: string }): Promise<void> {
    await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    if (!(await this.keys.deleteForUser(command.userId, command.id))) throw new NotFoundError('API key');
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'api-key.revoked',
      targetType: 'api-key',
      targetId: command.id,
      details: { userId: command.userId },
    });
  }
}
