import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, PageQuery, UuidParam } from '@keyward/core';
import {
  CreateRoleInteractor,
  GetRoleInteractor,
  ListRolesInteractor,
  PERMISSIONS,
  UpdateRoleInteractor,
} from '@keyward/access';
import { Actor } from '@keyward/kernel';
import { AdminController } from './admin-controller';
import { AdminRequires } from './admin-guard';
import { AdminPages } from './admin-pages';
import { link, yesNo } from './cells';
import { CreateRoleForm, PermissionsForm } from './dto/forms';
import { pagerOf } from './pager';

const CATALOGUE = Object.entries(PERMISSIONS).map(([name, description]) => ({ name, description }));

/** The pages of /auth/roles (`roles:manage`); creating or editing a role may hand out only what one holds. */
@AdminController('roles')
@AdminRequires('roles:manage')
export class RolesController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listRoles: ListRolesInteractor,
    private readonly getRole: GetRoleInteractor,
    private readonly createRole: CreateRoleInteractor,
    private readonly updateRole: UpdateRoleInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listRoles.execute(query);
    const path = `${this.pages.root}/roles`;
    return this.pages.render(request, reply, 'roles', {
      catalogue: CATALOGUE,
      table: {
        columns: ['Name', 'Description', 'Built in', 'Permissions'],
        rows: page.items.map((r) => [
          link(r.name, `${path}/${r.id}`),
          r.description,
          yesNo(r.builtIn),
          r.permissions.join(', '),
        ]),
      },
      pager: pagerOf(page, path),
    });
  }

  @Post()
  async create(@Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Body() form: CreateRoleForm) {
    const role = await this.createRole.execute({ actor, ...form });
    return this.pages.redirect(reply, `/roles/${role.id}`, `Role ${role.name} created.`);
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id', 'Role') id: string,
  ): Promise<FastifyReply> {
    const role = await this.getRole.execute({ roleId: id });
    return this.pages.render(request, reply, 'role', { role, catalogue: CATALOGUE });
  }

  @Post(':id/permissions')
  async permissions(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Role') id: string,
    @Body() form: PermissionsForm,
  ): Promise<FastifyReply> {
    await this.updateRole.execute({ actor, roleId: id, permissions: form.permissions });
    return this.pages.redirect(reply, `/roles/${id}`, 'Permissions saved.');
  }
}
