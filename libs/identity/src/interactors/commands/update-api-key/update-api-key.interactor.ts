import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/core';
import { ApiKeyView, toApiKeyView } from '../../../domain/api-key';
import { ApiKeyRepository } from '../../../domain/ports';

@Injectable()
export class UpdateApiKeyInteractor {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute(command: { userId: string; id: string; name?: string; active?: boolean }): Promise<ApiKeyView> {
    const key = await this.keys.findForUser(command.userId, command.id);
    if (!key) throw new NotFoundError('API key');
    const updated = { ...key, name: command.name?.trim() ?? key.name, active: command.active ?? key.active };
    await this.keys.update(updated);
    return toApiKeyView(updated);
  }
}
