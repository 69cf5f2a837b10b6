import { Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import { BurnSecretInteractor, ListReceiptsInteractor } from '@keyward/secrets';
import { Principal } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';
import { button, code, TablePage, when } from './cells';
import { pagerOf } from './pager';

/** Receipts of the operator's one-time secrets, as GET /auth/secrets: states and times, never content or keys. */
@AdminController('secrets')
export class SecretsController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listReceipts: ListReceiptsInteractor,
    private readonly burnSecret: BurnSecretInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listReceipts.execute({ creatorId: principal.userId, page: query });
    const path = `${this.pages.root}/secrets`;
    const data: TablePage = {
      title: 'Your one-time secrets',
      intro: 'Receipts only: a secret is read with its key and passphrase, never here.',
      table: {
        columns: ['Id', 'State', 'Created', 'Expires', 'Revealed', ''],
        rows: page.items.map((s) => [
          code(s.id),
          s.state,
          when(s.createdAt),
          when(s.expiresAt),
          when(s.revealedAt),
          s.state === 'pending' ? button(`${path}/${s.id}/burn`, 'Burn') : '',
        ]),
        empty: 'No secrets created while signed in as you.',
      },
      pager: pagerOf(page, path),
    };
    return this.pages.render(request, reply, 'table', { ...data });
  }

  @Post(':id/burn')
  async burn(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Secret') id: string,
  ): Promise<FastifyReply> {
    await this.burnSecret.execute({ creatorId: principal.userId, id });
    return this.pages.redirect(reply, '/secrets', 'Secret burned.');
  }
}
