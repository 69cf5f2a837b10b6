import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import { GetTeamInteractor, ListTeamsInteractor } from '@keyward/access';
import { Principal } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';
import { link, RecordPage, TablePage, when } from './cells';
import { pagerOf } from './pager';

/** The pages of GET /auth/teams: every team with `teams:manage`, else the caller's own (the interactor decides). */
@AdminController('teams')
export class TeamsController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listTeams: ListTeamsInteractor,
    private readonly getTeam: GetTeamInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listTeams.execute({ actorId: principal.userId, ...query });
    const data: TablePage = {
      title: 'Teams',
      table: {
        columns: ['Name', 'Description', 'Members', 'Created'],
        rows: page.items.map((t) => [
          link(t.name, `${this.pages.root}/teams/${t.id}`),
          t.description,
          t.memberCount,
          when(t.createdAt),
        ]),
        empty: 'No teams.',
      },
      pager: pagerOf(page, `${this.pages.root}/teams`),
    };
    return this.pages.render(request, reply, 'table', { ...data });
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
  ): Promise<FastifyReply> {
    const team = await this.getTeam.execute({ actorId: principal.userId, teamId: id });
    const data: RecordPage = {
      title: team.name,
      fields: [
        ['Description', team.description],
        ['Roles every member receives', team.roles.join(', ') || 'none'],
        ['Created', when(team.createdAt)],
      ],
      sections: [
        {
          title: 'Members',
          columns: ['User', 'Team role', 'Joined'],
          rows: team.members.map((m) => [
            link(m.userId, `${this.pages.root}/users/${m.userId}`),
            m.role,
            when(m.joinedAt),
          ]),
          empty: 'No members.',
        },
      ],
    };
    return this.pages.render(request, reply, 'record', { ...data });
  }
}
