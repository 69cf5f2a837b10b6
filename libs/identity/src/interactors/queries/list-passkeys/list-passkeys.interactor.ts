import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { PasskeyView, toPasskeyView } from '../../../domain/passkey';
import { PasskeyRepository } from '../../../domain/passkey-ports';

@Injectable()
export class ListPasskeysInteractor {
  constructor(private readonly passkeys: PasskeyRepository) {}

  async execute(query: { userId: string; page: PageRequest }): Promise<Page<PasskeyView>> {
    const page = await this.passkeys.listForUser(query.userId, query.page);
    return { ...page, items: page.items.map(toPasskeyView) };
  }
}
