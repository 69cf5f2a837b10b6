import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@keyward/kernel';
import { TeamRepository } from '../../../domain/ports';
import { Callers } from '../../shared/caller';

export interface TeamSummaryView {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Every team for holders of `teams:manage`; the caller's own teams for everyone else. */
@Injectable()
export class ListTeamsInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly callers: Callers,
  ) {}

  async execute(query: { actorId: string } & PageRequest): Promise<Page<TeamSummaryView>> {
    const all = await this.callers.holds(query.actorId, 'teams:manage');
    const page = await this.teams.list(all ? null : query.actorId, query);
    return {
      ...page,
      items: page.items.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        memberCount: t.memberCount,
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
      })),
    };
  }
}
