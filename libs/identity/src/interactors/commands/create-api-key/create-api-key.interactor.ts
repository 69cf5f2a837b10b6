import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, Clock, GrantGuard, Random, ValidationFailedError } from '@keyward/kernel';
import { ApiKey, ApiKeyView, newApiKeySecret, toApiKeyView } from '../../../domain/api-key';
import { ApiKeyRepository, UserRepository } from '../../../domain/ports';
import { requireUserActedOnBy } from '../../shared/users';

export interface CreateApiKeyCommand {
  actor: Actor;
  userId: string;
  name: string;
  expiresAt?: Date | null;
}

/**
 * The key itself is returned here and never again: only its hash is kept. A key for another account acts as that
 * account, so the grant rule applies to it (see GrantGuard.assertMayActOn).
 */
@Injectable()
export class CreateApiKeyInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<ApiKeyView & { key: string }> {
    await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    const now = this.clock.now();
    if (command.expiresAt && command.expiresAt <= now) {
      throw new ValidationFailedError('expiresAt must be in the future', [
        { field: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const secret = newApiKeySecret(this.random.token(32));
    const apiKey: ApiKey = {
      id: this.random.uuid(),
      userId: command.userId,
      name: command.name.trim(),
      prefix: secret.prefix,
      keyHash: secret.keyHash,
      active: true,
      createdAt: now,
      lastUsedAt: null,
      expiresAt: command.expiresAt ?? null,
    };
    await this.keys.create(apiKey);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'api-key.created',
      targetType: 'api-key',
      targetId: apiKey.id,
      details: { userId: apiKey.userId, name: apiKey.name, expiresAt: apiKey.expiresAt?.toISOString() ?? null },
    });
    return { ...toApiKeyView(apiKey), key: secret.key };
  }
}
