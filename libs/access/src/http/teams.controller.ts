import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiEscalationDenied,
  ApiProblems,
  CurrentActor,
  CurrentPrincipal,
  PageOf,
  PageQuery,
  RequirePermission,
  UuidParam,
} from '@keyward/core';
import { Actor, Principal } from '@keyward/kernel';
import { AddTeamMemberInteractor } from '../interactors/commands/add-team-member/add-team-member.interactor';
import { ChangeTeamMemberInteractor } from '../interactors/commands/change-team-member/change-team-member.interactor';
import { CreateTeamInteractor } from '../interactors/commands/create-team/create-team.interactor';
import { DeleteTeamInteractor } from '../interactors/commands/delete-team/delete-team.interactor';
import { SetTeamRolesInteractor } from '../interactors/commands/set-team-roles/set-team-roles.interactor';
import { UpdateTeamInteractor } from '../interactors/commands/update-team/update-team.interactor';
import { GetTeamInteractor } from '../interactors/queries/get-team/get-team.interactor';
import { ListTeamsInteractor } from '../interactors/queries/list-teams/list-teams.interactor';
import { SetTeamRolesRequest } from './dto/roles.dto';
import {
  AddTeamMemberRequest,
  ChangeTeamMemberRequest,
  CreateTeamRequest,
  TeamMemberResponse,
  TeamResponse,
  TeamSummaryResponse,
  UpdateTeamRequest,
} from './dto/teams.dto';

const TEAM_ROLES_NOT_HELD =
  "the team's roles carry a permission the caller lacks (or admin, and the caller is not an admin)";
const MEMBERS_FORBIDDEN = 'unless an owner or maintainer (owners for owners) or a holder of teams:manage';

/**
 * Any user may create teams and see their own; owners change and delete them; owners and maintainers manage
 * members. Holders of `teams:manage` do everything. Outsiders get 404 for a team, as for a missing one.
 */
@ApiTags('access control')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401)
@Controller('teams')
export class TeamsController {
  constructor(
    private readonly listTeams: ListTeamsInteractor,
    private readonly getTeam: GetTeamInteractor,
    private readonly createTeam: CreateTeamInteractor,
    private readonly updateTeam: UpdateTeamInteractor,
    private readonly deleteTeam: DeleteTeamInteractor,
    private readonly addMember: AddTeamMemberInteractor,
    private readonly changeMember: ChangeTeamMemberInteractor,
    private readonly setRoles: SetTeamRolesInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's teams (every team with teams:manage)" })
  @ApiOkResponse({ type: PageOf(TeamSummaryResponse) })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery) {
    return this.listTeams.execute({ actorId: principal.userId, ...page });
  }

  @Post()
  @ApiOperation({ summary: 'Create a team; the caller becomes its owner' })
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiProblems(400, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTeamRequest) {
    return this.createTeam.execute({ actorId: principal.userId, ...body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A team with its members and roles' })
  @ApiOkResponse({ type: TeamResponse })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Team') id: string) {
    return this.getTeam.execute({ actorId: principal.userId, teamId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or describe a team (owners)' })
  @ApiOkResponse({ type: TeamResponse })
  @ApiProblems(400, 403, 404, 409)
  update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
    @Body() body: UpdateTeamRequest,
  ) {
    return this.updateTeam.execute({ actorId: principal.userId, teamId: id, ...body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a team (owners); members lose its roles at once',
    description: "Needs every permission the team's roles carry (else 403 ESCALATION_DENIED).",
  })
  @ApiNoContentResponse()
  @ApiProblems(404)
  @ApiEscalationDenied(TEAM_ROLES_NOT_HELD, 'unless an owner or a holder of teams:manage')
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Team') id: string): Promise<void> {
    await this.deleteTeam.execute({ actorId: principal.userId, teamId: id });
  }

  @Post(':id/members')
  @ApiOperation({
    summary: 'Add a member (owners and maintainers; only owners add owners)',
    description:
      "The new member receives the team's roles: the caller must hold what they carry (403 ESCALATION_DENIED).",
  })
  @ApiCreatedResponse({ type: TeamMemberResponse })
  @ApiProblems(400, 404, 409)
  @ApiEscalationDenied(TEAM_ROLES_NOT_HELD, MEMBERS_FORBIDDEN)
  add(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
    @Body() body: AddTeamMemberRequest,
  ) {
    return this.addMember.execute({ actorId: principal.userId, teamId: id, ...body });
  }

  @Patch(':id/members/:userId')
  @ApiOperation({
    summary: "Change a member's role; the last owner cannot be demoted (409 LAST_OWNER)",
    description: "Needs every permission the team's roles carry (else 403 ESCALATION_DENIED).",
  })
  @ApiOkResponse({ type: TeamMemberResponse })
  @ApiProblems(400, 404, 409)
  @ApiEscalationDenied(TEAM_ROLES_NOT_HELD, MEMBERS_FORBIDDEN)
  change(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
    @UuidParam('userId', 'Member') userId: string,
    @Body() body: ChangeTeamMemberRequest,
  ) {
    return this.changeMember.execute({ actorId: principal.userId, teamId: id, userId, role: body.role });
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a member, or leave; the last owner cannot leave (409 LAST_OWNER)',
    description:
      "Removing someone else needs every permission the team's roles carry (else 403 ESCALATION_DENIED); " +
      'leaving needs nothing.',
  })
  @ApiNoContentResponse()
  @ApiProblems(404, 409)
  @ApiEscalationDenied(TEAM_ROLES_NOT_HELD, MEMBERS_FORBIDDEN)
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Team') id: string,
    @UuidParam('userId', 'Member') userId: string,
  ): Promise<void> {
    await this.changeMember.execute({ actorId: principal.userId, teamId: id, userId, role: null });
  }

  @Put(':id/roles')
  @RequirePermission('roles:manage')
  @ApiOperation({
    summary: 'Replace the roles every member of the team receives (admins only)',
    description:
      'They reach every member at once, so only administrators set them: 403 FORBIDDEN without roles:manage, ' +
      '403 ESCALATION_DENIED for a holder of roles:manage who is not an administrator.',
  })
  @ApiOkResponse({ type: TeamResponse })
  @ApiProblems(400, 404)
  @ApiEscalationDenied('the caller is not an administrator')
  roles(@CurrentActor() actor: Actor, @UuidParam('id', 'Team') id: string, @Body() body: SetTeamRolesRequest) {
    return this.setRoles.execute({ actor, teamId: id, roles: body.roles });
  }
}
