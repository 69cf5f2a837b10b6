import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/core';
import { ApiKeyRepository } from '../../../domain/ports';

@Injectable()
export class DeleteApiKeyInteractor {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute(command: { userId: string; id: string }): Promise<void> {
    if (!(await this.keys.deleteForUser(command.userId, command.id))) throw new NotFoundError('API key');
  }
}
