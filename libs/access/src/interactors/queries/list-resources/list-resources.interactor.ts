import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { ResourceRepository } from '../../../domain/ports';
import { ResourceView, toResourceView } from '../../../domain/resource';
import { Callers } from '../../shared/caller';

/** Only what the caller sees; the count and the pages are computed over that, in the database. */
@Injectable()
export class ListResourcesInteractor {
  constructor(
    private readonly resources: ResourceRepository,
    private readonly callers: Callers,
  ) {}

  async execute(query: { actorId: string; type?: string } & PageRequest): Promise<Page<ResourceView>> {
    const admin = await this.callers.holds(query.actorId, 'resources:manage');
    const page = await this.resources.list({ type: query.type, visibleTo: admin ? null : query.actorId }, query);
    return { ...page, items: page.items.map(toResourceView) };
  }
}
