import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, CurrentPrincipal, PageQuery, UuidParam } from '@keyward/core';
import {
  AddGroupMemberInteractor,
  CreateGroupInteractor,
  GetGroupInteractor,
  ListGroupsInteractor,
  ListTeamsInteractor,
  RemoveGroupMemberInteractor,
} from '@keyward/access';
import { Actor, Principal, ValidationFailedError } from '@keyward/kernel';
import { FindUserByEmailInteractor } from '../interactors/queries/find-user-by-email/find-user-by-email.interactor';
import { UserEmailsInteractor } from '../interactors/queries/user-emails/user-emails.interactor';
import { AdminController } from './admin-controller';
import { AdminRequires } from './admin-guard';
import { AdminPages } from './admin-pages';
import { button, Grid, link, TablePage, when } from './cells';
import { GroupMemberForm, NamedForm } from './dto/forms';
import { pagerOf } from './pager';

/** The pages of /auth/visibility-groups (`groups:manage`, as the API). */
@AdminController('visibility-groups')
@AdminRequires('groups:manage')
export class GroupsController {
  constructor(
    private readonly pages: AdminPages,
    private readonly listGroups: ListGroupsInteractor,
    private readonly getGroup: GetGroupInteractor,
    private readonly createGroup: CreateGroupInteractor,
    private readonly addMember: AddGroupMemberInteractor,
    private readonly removeMember: RemoveGroupMemberInteractor,
    private readonly listTeams: ListTeamsInteractor,
    private readonly findUser: FindUserByEmailInteractor,
    private readonly userEmails: UserEmailsInteractor,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: PageQuery,
  ): Promise<FastifyReply> {
    const page = await this.listGroups.execute(query);
    const path = `${this.pages.root}/visibility-groups`;
    const data: TablePage & { create: object } = {
      title: 'Visibility groups',
      intro: 'A resource is visible to the members (users, or teams and their members) of its visibility groups.',
      table: {
        columns: ['Name', 'Description', 'Members', 'Created'],
        rows: page.items.map((g) => [link(g.name, `${path}/${g.id}`), g.description, g.memberCount, when(g.createdAt)]),
        empty: 'No visibility groups.',
      },
      pager: pagerOf(page, path),
      create: { summary: 'Create a visibility group', action: path, button: 'Create group' },
    };
    return this.pages.render(request, reply, 'named-list', { ...data });
  }

  @Post()
  async create(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @Body() form: NamedForm,
  ): Promise<FastifyReply> {
    const group = await this.createGroup.execute({ ...form, actor });
    return this.pages.redirect(reply, `/visibility-groups/${group.id}`, `Visibility group ${group.name} created.`);
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Visibility group') id: string,
  ): Promise<FastifyReply> {
    const group = await this.getGroup.execute({ groupId: id });
    const teams = await this.listTeams.execute({ actorId: principal.userId, limit: 200, offset: 0 });
    const emails = await this.userEmails.execute({
      actorId: principal.userId,
      userIds: group.members.filter((m) => m.type === 'user').map((m) => m.memberId),
    });
    const teamNames = new Map(teams.items.map((t) => [t.id, t.name]));
    const nameOf = (m: { type: 'user' | 'team'; memberId: string }) =>
      (m.type === 'user' ? emails.get(m.memberId) : teamNames.get(m.memberId)) ?? m.memberId;
    const path = `${this.pages.root}/visibility-groups/${id}`;
    const members: Grid = {
      columns: ['Member', 'Kind', 'Added', ''],
      rows: group.members.map((m) => [
        link(nameOf(m), `${this.pages.root}/${m.type === 'user' ? 'users' : 'teams'}/${m.memberId}`),
        m.type,
        when(m.addedAt),
        button(`${path}/members/${m.memberId}/remove`, 'Remove'),
      ]),
      empty: 'No members.',
    };
    return this.pages.render(request, reply, 'group', { group, members, teams: teams.items });
  }

  /** A user by email (needs `users:read` to look them up) or a team. */
  @Post(':id/members')
  async add(
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Visibility group') id: string,
    @Body() form: GroupMemberForm,
  ): Promise<FastifyReply> {
    if (!form.email === !form.teamId) throw new ValidationFailedError('Give either a user email or a team');
    const member = form.email
      ? {
          kind: 'user' as const,
          id: (await this.findUser.execute({ actorId: principal.userId, email: form.email })).id,
        }
      : { kind: 'team' as const, id: form.teamId! };
    await this.addMember.execute({ actor, groupId: id, member });
    return this.pages.redirect(reply, `/visibility-groups/${id}`, `${form.email ?? 'Team'} added.`);
  }

  @Post(':id/members/:memberId/remove')
  async remove(
    @Res() reply: FastifyReply,
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Visibility group') id: string,
    @UuidParam('memberId', 'Member') memberId: string,
  ): Promise<FastifyReply> {
    await this.removeMember.execute({ actor, groupId: id, memberId });
    return this.pages.redirect(reply, `/visibility-groups/${id}`, 'Member removed.');
  }
}
