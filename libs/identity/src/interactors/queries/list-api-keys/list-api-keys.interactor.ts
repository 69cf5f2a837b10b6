import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { ApiKeyView, toApiKeyView } from '../../../domain/api-key';
import { ApiKeyRepository, UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

@Injectable()
export class ListApiKeysInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(query: { userId: string; page: PageRequest }): Promise<Page<ApiKeyView>> {
    await requireUser(this.users, query.userId);
    const page = await this.keys.listForUser(query.userId, query.page);
    return { ...page, items: page.items.map(toApiKeyView) };
  }
}
