import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListAuditEventsInteractor } from '@keyward/audit';
import { CurrentPrincipal } from '@keyward/core';
import { Principal } from '@keyward/kernel';
import { UserEmailsInteractor } from '../interactors/queries/user-emails/user-emails.interactor';
import { AdminController } from './admin-controller';
import { AdminRequires } from './admin-guard';
import { AdminPages } from './admin-pages';
import { AuditQuery, instantOf } from './dto/forms';
import { pagerOf } from './pager';

/** GET /auth/audit as a page: the same filters, newest first. */
@AdminController('audit')
export class AuditController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listEvents: ListAuditEventsInteractor,
    private readonly userEmails: UserEmailsInteractor,
  ) {}

  @Get()
  @AdminRequires('audit:read')
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditQuery,
  ): Promise<FastifyReply> {
    const { actorId, action, from, to, limit, offset } = query;
    const page = await this.listEvents.execute({
      filter: { actorId, action, from: instantOf(from, 'from'), to: instantOf(to, 'to') },
      page: { limit, offset },
    });
    const filter = { actorId, action, from, to };
    const emails = await this.userEmails.execute({
      actorId: principal.userId,
      userIds: page.items.map((event) => event.actorId),
    });
    return this.pages.render(request, reply, 'audit', {
      page,
      filter,
      emails: Object.fromEntries(emails),
      pager: pagerOf(page, `${this.pages.root}/audit`, filter),
    });
  }
}
