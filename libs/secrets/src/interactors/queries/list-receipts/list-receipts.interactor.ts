import { Injectable } from '@nestjs/common';
import { Clock, Page, PageRequest } from '@keyward/kernel';
import { SecretRepository } from '../../../domain/ports';
import { SecretState, stateOf } from '../../../domain/secret';

export interface ReceiptView {
  id: string;
  createdAt: string;
  expiresAt: string;
  state: SecretState;
  revealedAt: string | null;
}

/** The creator's receipts: states and times, never content or keys. */
@Injectable()
export class ListReceiptsInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
  ) {}

  async execute(query: { creatorId: string; page: PageRequest }): Promise<Page<ReceiptView>> {
    const page = await this.secrets.listForCreator(query.creatorId, query.page);
    const now = this.clock.now();
    return {
      ...page,
      items: page.items.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        state: stateOf(s, now),
        revealedAt: s.revealedAt?.toISOString() ?? null,
      })),
    };
  }
}
