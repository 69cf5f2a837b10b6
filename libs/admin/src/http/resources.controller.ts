import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import { GetResourceInteractor, ListResourcesInteractor } from '@keyward/access';
import { Principal } from '@keyward/kernel';
import { UserEmailsInteractor } from '../interactors/queries/user-emails/user-emails.interactor';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';
import { code, link, RecordPage, TablePage, when } from './cells';
import { pagerOf } from './pager';

/** The pages of GET /auth/resources: only what the caller may see (the interactor decides; others are 404). */
@AdminController('resources')
export class ResourcesController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listResources: ListResourcesInteractor,
    private readonly getResource: GetResourceInteractor,
    private readonly userEmails: UserEmailsInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listResources.execute({ actorId: principal.userId, ...query });
    const path = `${this.pages.root}/resources`;
    const data: TablePage = {
      title: 'Resources',
      table: {
        columns: ['Name', 'Type', 'Owner team', 'Created'],
        rows: page.items.map((r) => [
          link(r.name, `${path}/${r.id}`),
          r.type,
          r.ownerTeamId ? link(r.ownerTeamId, `${this.pages.root}/teams/${r.ownerTeamId}`) : null,
          when(r.createdAt),
        ]),
        empty: 'No resources you may see.',
      },
      pager: pagerOf(page, path),
    };
    return this.pages.render(request, reply, 'table', { ...data });
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Resource') id: string,
  ): Promise<FastifyReply> {
    const resource = await this.getResource.execute({ actorId: principal.userId, resourceId: id });
    const emails = await this.userEmails.execute({ actorId: principal.userId, userIds: [resource.createdBy] });
    const data: RecordPage = {
      title: resource.name,
      fields: [
        ['Type', resource.type],
        [
          'Owner team',
          resource.ownerTeamId ? link(resource.ownerTeamId, `${this.pages.root}/teams/${resource.ownerTeamId}`) : null,
        ],
        [
          'Created by',
          resource.createdBy
            ? link(
                emails.get(resource.createdBy) ?? resource.createdBy,
                `${this.pages.root}/users/${resource.createdBy}`,
              )
            : null,
        ],
        ['Attributes', code(JSON.stringify(resource.attributes))],
        ['Created', when(resource.createdAt)],
        ['Updated', when(resource.updatedAt)],
      ],
      sections: [
        {
          title: 'Visibility groups',
          columns: ['Group'],
          rows: resource.visibilityGroupIds.map((g) => [link(g, `${this.pages.root}/visibility-groups/${g}`)]),
          empty: 'In no visibility group.',
        },
      ],
    };
    return this.pages.render(request, reply, 'record', { ...data });
  }
}
