import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageQuery, UuidParam } from '@keyward/core';
import { GetGroupInteractor, ListGroupsInteractor } from '@keyward/access';
import { AdminController } from './admin-controller';
import { AdminRequires } from './admin-guard';
import { AdminPages } from './admin-pages';
import { link, RecordPage, TablePage, when } from './cells';
import { pagerOf } from './pager';

/** The pages of GET /auth/visibility-groups (`groups:manage`, as the API). */
@AdminController('visibility-groups')
@AdminRequires('groups:manage')
export class GroupsController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listGroups: ListGroupsInteractor,
    private readonly getGroup: GetGroupInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listGroups.execute(query);
    const path = `${this.pages.root}/visibility-groups`;
    const data: TablePage = {
      title: 'Visibility groups',
      intro: 'A resource is visible to the members (users, or teams and their members) of its visibility groups.',
      table: {
        columns: ['Name', 'Description', 'Members', 'Created'],
        rows: page.items.map((g) => [link(g.name, `${path}/${g.id}`), g.description, g.memberCount, g.createdAt]),
        empty: 'No visibility groups.',
      },
      pager: pagerOf(page, path),
    };
    return this.pages.render(request, reply, 'table', { ...data });
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id', 'Visibility group') id: string,
  ): Promise<FastifyReply> {
    const group = await this.getGroup.execute({ groupId: id });
    const memberLink = (type: 'user' | 'team', id: string) =>
      link(id, `${this.pages.root}/${type === 'user' ? 'users' : 'teams'}/${id}`);
    const data: RecordPage = {
      title: group.name,
      fields: [
        ['Description', group.description],
        ['Created', when(group.createdAt)],
      ],
      sections: [
        {
          title: 'Members',
          columns: ['Member', 'Kind', 'Added'],
          rows: group.members.map((m) => [memberLink(m.type, m.memberId), m.type, when(m.addedAt)]),
          empty: 'No members.',
        },
      ],
    };
    return this.pages.render(request, reply, 'record', { ...data });
  }
}
