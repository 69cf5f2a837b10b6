import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import {
  AddTeamMemberInteractor,
  ChangeTeamMemberInteractor,
  CreateTeamInteractor,
  GetTeamInteractor,
  ListRolesInteractor,
  ListTeamsInteractor,
  SetTeamRolesInteractor,
  TEAM_ROLES,
} from '@keyward/access';
import { Actor, Principal } from '@keyward/kernel';
import { FindUserByEmailInteractor } from '../interactors/queries/find-user-by-email/find-user-by-email.interactor';
import { UserEmailsInteractor } from '../interactors/queries/user-emails/user-emails.interactor';
import { AdminController } from './admin-controller';
import { AdminRequires } from './admin-guard';
import { AdminPages } from './admin-pages';
import { button, Grid, link, TablePage, when } from './cells';
import { NamedForm, RolesForm, TeamMemberForm } from './dto/forms';
import { pagerOf } from './pager';

/**
 * The pages of /auth/teams: every team with `teams:manage`, else the operator's own; members are managed by
 * owners and maintainers (the interactors decide, as for the API). Team roles are `roles:manage`, as PUT .../roles.
 */
@AdminController('teams')
export class TeamsController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listTeams: ListTeamsInteractor,
    private readonly getTeam: GetTeamInteractor,
    private readonly createTeam: CreateTeamInteractor,
    private readonly addMember: AddTeamMemberInteractor,
    private readonly changeMember: ChangeTeamMemberInteractor,
    private readonly setRoles: SetTeamRolesInteractor,
    private readonly listRoles: ListRolesInteractor,
    private readonly findUser: FindUserByEmailInteractor,
    private readonly userEmails: UserEmailsInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listTeams.execute({ actorId: principal.userId, ...query });
    const path = `${this.pages.root}/teams`;
    const data: TablePage & { create: object } = {
      title: 'Teams',
      table: {
        columns: ['Name', 'Description', 'Members', 'Created'],
        rows: page.items.map((t) => [link(t.name, `${path}/${t.id}`), t.description, t.memberCount, when(t.createdAt)]),
        empty: 'No teams.',
      },
      pager: pagerOf(page, path),
      create: { summary: 'Create a team', action: path, button: 'Create team' },
    };
    return this.pages.render(request, reply, 'named-list', { ...data });
  }

  /** The creator becomes the team's owner. */
  @Post()
  async create(@Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Body() form: NamedForm) {
    const team = await this.createTeam.execute({ actorId: principal.userId, ...form });
    return this.pages.redirect(reply, `/teams/${team.id}`, `Team ${team.name} created.`);
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
  ): Promise<FastifyReply> {
    const team = await this.getTeam.execute({ actorId: principal.userId, teamId: id });
    const roles = await this.listRoles.execute({ limit: 200, offset: 0 });
    const emails = await this.userEmails.execute({
      actorId: principal.userId,
      userIds: team.members.map((m) => m.userId),
    });
    const path = `${this.pages.root}/teams/${id}`;
    const members: Grid = {
      columns: ['User', 'Team role', 'Joined', ''],
      rows: team.members.map((m) => [
        link(emails.get(m.userId) ?? m.userId, `${this.pages.root}/users/${m.userId}`),
        m.role,
        when(m.joinedAt),
        button(`${path}/members/${m.userId}/remove`, 'Remove'),
      ]),
      empty: 'No members.',
    };
    return this.pages.render(request, reply, 'team', { team, members, roles: roles.items, teamRoles: TEAM_ROLES });
  }

  @Post(':id/members')
  async add(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
    @Body() form: TeamMemberForm,
  ): Promise<FastifyReply> {
    const user = await this.findUser.execute({ actorId: principal.userId, email: form.email });
    await this.addMember.execute({ actorId: principal.userId, teamId: id, userId: user.id, role: form.role });
    return this.pages.redirect(reply, `/teams/${id}`, `${user.email} added as ${form.role}.`);
  }

  @Post(':id/members/:userId/remove')
  async remove(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
    @UuidParam('userId', 'Member') userId: string,
  ): Promise<FastifyReply> {
    await this.changeMember.execute({ actorId: principal.userId, teamId: id, userId, role: null });
    return this.pages.redirect(reply, `/teams/${id}`, 'Member removed.');
  }

  @Post(':id/roles')
  @AdminRequires('roles:manage')
  async roles(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Team') id: string,
    @Body() form: RolesForm,
  ): Promise<FastifyReply> {
    await this.setRoles.execute({ actor, teamId: id, roles: form.roles });
    return this.pages.redirect(reply, `/teams/${id}`, 'Team roles saved.');
  }
}
