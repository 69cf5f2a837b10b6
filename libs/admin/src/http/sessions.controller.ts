import { Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import { ListSessionsInteractor, RevokeSessionInteractor } from '@keyward/identity';
import { Principal } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';
import { button, TablePage, when } from './cells';
import { pagerOf } from './pager';

/** The signed-in operator's own sessions, as GET/DELETE /auth/sessions; another user's are on their page. */
@AdminController('sessions')
export class SessionsController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listSessions: ListSessionsInteractor,
    private readonly revokeSession: RevokeSessionInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listSessions.execute({
      userId: principal.userId,
      currentSessionId: principal.sessionId,
      page: query,
    });
    const path = `${this.pages.root}/sessions`;
    const data: TablePage = {
      title: 'Your sessions',
      intro: "Every place you are signed in. A user's sessions are on that user's page.",
      table: {
        columns: ['Started', 'Last seen', 'Expires', 'IP', 'Client', ''],
        rows: page.items.map((s) => [
          when(s.createdAt),
          when(s.lastSeenAt),
          when(s.expiresAt),
          s.ip,
          s.userAgent,
          s.current ? 'this session' : button(`${path}/${s.id}/revoke`, 'Revoke'),
        ]),
      },
      pager: pagerOf(page, path),
    };
    return this.pages.render(request, reply, 'table', { ...data });
  }

  @Post(':id/revoke')
  async revoke(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Session') id: string,
  ): Promise<FastifyReply> {
    await this.revokeSession.execute({ userId: principal.userId, sessionId: id });
    return this.pages.redirect(reply, '/sessions', 'Session revoked.');
  }
}
