import { Injectable } from '@nestjs/common';
import { Clock, Random, ValidationFailedError } from '@keyward/core';
import { ApiKey, ApiKeyView, newApiKeySecret, toApiKeyView } from '../../../domain/api-key';
import { ApiKeyRepository, UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

export interface CreateApiKeyCommand {
  userId: string;
  name: string;
  expiresAt?: Date | null;
}

/** The key itself is returned here and never again: only its hash is kept. */
@Injectable()
export class CreateApiKeyInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<ApiKeyView & { key: string }> {
    await requireUser(this.users, command.userId);
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
    return { ...toApiKeyView(apiKey), key: secret.key };
  }
}
