import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, UuidParam } from '@keyward/core';
import { ListRolesInteractor } from '@keyward/access';
import {
  CreateApiKeyInteractor,
  CreateUserInteractor,
  DeleteApiKeyInteractor,
  GetUserInteractor,
  ListApiKeysInteractor,
  ListSessionsInteractor,
  ListUsersInteractor,
  RevokeUserSessionsInteractor,
  SetUserRolesInteractor,
  UpdateUserInteractor,
} from '@keyward/identity';
import { Actor } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminRequires } from './admin-guard';
import { AdminPages } from './admin-pages';
import { ActiveForm, ApiKeyForm, CreateUserForm, instantOf, RolesForm, UsersQuery } from './dto/forms';
import { pagerOf } from './pager';

/** Every role there is, for the checkboxes (the grant rule decides what may be handed out). */
const ALL_ROLES = { limit: 200, offset: 0 };
/** Sessions and keys on the user's page: a user rarely has more; the page says how many there are. */
const FIRST_ITEMS = { limit: 100, offset: 0 };

/** The pages of GET/POST /auth/users and its sub-routes, with the same permissions and use cases. */
@AdminController('users')
export class UsersController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listUsers: ListUsersInteractor,
    private readonly getUser: GetUserInteractor,
    private readonly createUser: CreateUserInteractor,
    private readonly updateUser: UpdateUserInteractor,
    private readonly setRoles: SetUserRolesInteractor,
    private readonly listRoles: ListRolesInteractor,
    private readonly listSessions: ListSessionsInteractor,
    private readonly revokeSessions: RevokeUserSessionsInteractor,
    private readonly listKeys: ListApiKeysInteractor,
    private readonly createKey: CreateApiKeyInteractor,
    private readonly deleteKey: DeleteApiKeyInteractor,
  ) {}

  @Get()
  @AdminRequires('users:read')
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: UsersQuery,
  ): Promise<FastifyReply> {
    const page = await this.listUsers.execute({ email: query.email, page: query });
    const roles = await this.listRoles.execute(ALL_ROLES);
    return this.pages.render(request, reply, 'users', {
      page,
      email: query.email,
      roles: roles.items,
      pager: pagerOf(page, `${this.pages.root}/users`, { email: query.email }),
    });
  }

  /** The first API key is in this answer only, so it is a page rather than a redirect. */
  @Post()
  @AdminRequires('users:write')
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @Body() form: CreateUserForm,
  ): Promise<FastifyReply> {
    const user = await this.createUser.execute({ actor, ...form });
    return this.pages.render(request, reply, 'user-created', { user }, 201);
  }

  @Get(':id')
  @AdminRequires('users:read')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id', 'User') id: string,
  ): Promise<FastifyReply> {
    const user = await this.getUser.execute({ userId: id });
    const [roles, sessions, apiKeys] = await Promise.all([
      this.listRoles.execute(ALL_ROLES),
      this.listSessions.execute({ userId: id, currentSessionId: null, page: FIRST_ITEMS }),
      this.listKeys.execute({ userId: id, page: FIRST_ITEMS }),
    ]);
    return this.pages.render(request, reply, 'user', { user, roles: roles.items, sessions, apiKeys });
  }

  @Post(':id/roles')
  @AdminRequires('users:write')
  async roles(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @Body() form: RolesForm,
  ): Promise<FastifyReply> {
    await this.setRoles.execute({ actor, userId: id, roles: form.roles });
    return this.pages.redirect(reply, `/users/${id}`, 'Roles saved.');
  }

  @Post(':id/active')
  @AdminRequires('users:write')
  async active(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @Body() form: ActiveForm,
  ): Promise<FastifyReply> {
    const active = form.active === 'true';
    await this.updateUser.execute({ actor, userId: id, active });
    return this.pages.redirect(
      reply,
      `/users/${id}`,
      active ? 'User activated.' : 'User deactivated; sessions revoked.',
    );
  }

  @Post(':id/sessions/revoke')
  @AdminRequires('users:write')
  async revokeAll(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
  ): Promise<FastifyReply> {
    const revoked = await this.revokeSessions.execute({ actor, userId: id });
    return this.pages.redirect(reply, `/users/${id}`, `${revoked} session${revoked === 1 ? '' : 's'} revoked.`);
  }

  /** A key that acts as the user: the grant rule applies (the user may hold nothing the operator lacks). */
  @Post(':id/api-keys')
  @AdminRequires('users:write')
  async createApiKey(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @Body() form: ApiKeyForm,
  ): Promise<FastifyReply> {
    const expiresAt = instantOf(form.expiresAt, 'expiresAt') ?? null;
    const key = await this.createKey.execute({ actor, userId: id, name: form.name, expiresAt });
    return this.pages.render(request, reply, 'api-key-created', { key, back: `/users/${id}` }, 201);
  }

  @Post(':id/api-keys/:keyId/delete')
  @AdminRequires('users:write')
  async deleteApiKey(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @UuidParam('keyId', 'API key') keyId: string,
  ): Promise<FastifyReply> {
    await this.deleteKey.execute({ actor, userId: id, id: keyId });
    return this.pages.redirect(reply, `/users/${id}`, 'API key deleted.');
  }
}
