import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, GrantGuard, NotFoundError } from '@keyward/kernel';
import { ApiKeyView, toApiKeyView } from '../../../domain/api-key';
import { ApiKeyRepository, UserRepository } from '../../../domain/ports';
import { requireUserActedOnBy } from '../../shared/users';

/** Another account's keys are changed only by an actor that account does not outrank (see GrantGuard). */
@Injectable()
export class UpdateApiKeyInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: {
    actor: Actor;
    userId: string;
    id: string;
    name?: string;
    active?: boolean;
  }): Promise<ApiKeyView> {
    await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    const key = await this.keys.findForUser(command.userId, command.id);
    if (!key) throw new NotFoundError('API key');
    const updated = { ...key, name: command.name?.trim() ?? key.name, active: command.active ?? key.active };
    await this.keys.update(updated);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'api-key.updated',
      targetType: 'api-key',
      targetId: key.id,
      details: { userId: key.userId, name: updated.name, active: updated.active },
    });
    return toApiKeyView(updated);
  }
}
