import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import { CreateApiKeyInteractor, DeleteApiKeyInteractor, ListApiKeysInteractor } from '@keyward/identity';
import { Actor, Principal } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminPages } from './admin-pages';
import { button, code, when, yesNo } from './cells';
import { ApiKeyForm, instantOf } from './dto/forms';
import { pagerOf } from './pager';

/** The operator's own API keys, as /auth/api-keys: list, create (the key shown once), delete. */
@AdminController('api-keys')
export class ApiKeysController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listKeys: ListApiKeysInteractor,
    private readonly createKey: CreateApiKeyInteractor,
    private readonly deleteKey: DeleteApiKeyInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listKeys.execute({ userId: principal.userId, page: query });
    const path = `${this.pages.root}/api-keys`;
    return this.pages.render(request, reply, 'api-keys', {
      table: {
        columns: ['Name', 'Prefix', 'Active', 'Created', 'Last used', 'Expires', ''],
        rows: page.items.map((k) => [
          k.name,
          code(k.prefix),
          yesNo(k.active),
          when(k.createdAt),
          k.lastUsedAt ? when(k.lastUsedAt) : 'never',
          k.expiresAt ? when(k.expiresAt) : 'never',
          button(`${path}/${k.id}/delete`, 'Delete'),
        ]),
        empty: 'No API keys.',
      },
      pager: pagerOf(page, path),
    });
  }

  /** The key is in this answer only, so it is a page rather than a redirect (and never cached: no-store). */
  @Post()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @CurrentPrincipal() principal: Principal,
    @Body() form: ApiKeyForm,
  ): Promise<FastifyReply> {
    const key = await this.createKey.execute({
      actor,
      userId: principal.userId,
      name: form.name,
      expiresAt: instantOf(form.expiresAt, 'expiresAt') ?? null,
    });
    return this.pages.render(request, reply, 'api-key-created', { key }, 201);
  }

  @Post(':id/delete')
  async remove(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'API key') id: string,
  ): Promise<FastifyReply> {
    await this.deleteKey.execute({ actor, userId: principal.userId, id });
    return this.pages.redirect(reply, '/api-keys', 'API key deleted.');
  }
}
