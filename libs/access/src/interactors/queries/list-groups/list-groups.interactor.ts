import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';

@Injectable()
export class ListGroupsInteractor {
  constructor(private readonly groups: GroupRepository) {}

  async execute(query: PageRequest) {
    const page = await this.groups.list(query);
    return {
      ...page,
      items: page.items.map((g) => ({
        id: g.id,
        name: g.name,
        description: g.description,
        memberCount: g.memberCount,
        createdAt: g.createdAt.toISOString(),
        updatedAt: g.updatedAt.toISOString(),
      })),
    } satisfies Page<unknown>;
  }
}
