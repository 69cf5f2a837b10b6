import { Module } from '@nestjs/common';
import { ClockModule } from '@keyward/core';
import { AccessDirectoryAdapter } from './adapters/access-directory.adapter';
import { ResourceGateAdapter } from './adapters/resource-gate.adapter';
import { GroupRepository, ResourceRepository, RoleRepository, TeamRepository } from './domain/ports';
import { GroupsController } from './http/groups.controller';
import { AuthorizeController, ResourcesController } from './http/resources.controller';
import { PermissionsController, RolesController } from './http/roles.controller';
import { TeamsController } from './http/teams.controller';
import { AddGroupMemberInteractor } from './interactors/commands/add-group-member/add-group-member.interactor';
import { AddTeamMemberInteractor } from './interactors/commands/add-team-member/add-team-member.interactor';
import { ChangeTeamMemberInteractor } from './interactors/commands/change-team-member/change-team-member.interactor';
import { CreateGroupInteractor } from './interactors/commands/create-group/create-group.interactor';
import { CreateResourceInteractor } from './interactors/commands/create-resource/create-resource.interactor';
import { CreateRoleInteractor } from './interactors/commands/create-role/create-role.interactor';
import { CreateTeamInteractor } from './interactors/commands/create-team/create-team.interactor';
import { DeleteGroupInteractor } from './interactors/commands/delete-group/delete-group.interactor';
import { DeleteResourceInteractor } from './interactors/commands/delete-resource/delete-resource.interactor';
import { DeleteRoleInteractor } from './interactors/commands/delete-role/delete-role.interactor';
import { DeleteTeamInteractor } from './interactors/commands/delete-team/delete-team.interactor';
import { EnsureBuiltInRolesInteractor } from './interactors/commands/ensure-built-in-roles/ensure-built-in-roles.interactor';
import { RemoveGroupMemberInteractor } from './interactors/commands/remove-group-member/remove-group-member.interactor';
import { SetTeamRolesInteractor } from './interactors/commands/set-team-roles/set-team-roles.interactor';
import { UpdateGroupInteractor } from './interactors/commands/update-group/update-group.interactor';
import { UpdateResourceInteractor } from './interactors/commands/update-resource/update-resource.interactor';
import { UpdateRoleInteractor } from './interactors/commands/update-role/update-role.interactor';
import { UpdateTeamInteractor } from './interactors/commands/update-team/update-team.interactor';
import { AuthorizeInteractor } from './interactors/queries/authorize/authorize.interactor';
import { GetGroupInteractor } from './interactors/queries/get-group/get-group.interactor';
import { GetResourceInteractor } from './interactors/queries/get-resource/get-resource.interactor';
import { GetRoleInteractor } from './interactors/queries/get-role/get-role.interactor';
import { GetTeamInteractor } from './interactors/queries/get-team/get-team.interactor';
import { ListGroupsInteractor } from './interactors/queries/list-groups/list-groups.interactor';
import { ListPermissionsInteractor } from './interactors/queries/list-permissions/list-permissions.interactor';
import { ListResourcesInteractor } from './interactors/queries/list-resources/list-resources.interactor';
import { ListRolesInteractor } from './interactors/queries/list-roles/list-roles.interactor';
import { ListTeamsInteractor } from './interactors/queries/list-teams/list-teams.interactor';
import { Callers } from './interactors/shared/caller';
import { Grants } from './interactors/shared/grants';
import { ResourceRules } from './interactors/shared/resource-rules';
import { Teams } from './interactors/shared/teams';
import { TypeormGroupRepository } from './repositories/typeorm-group.repository';
import { TypeormResourceRepository } from './repositories/typeorm-resource.repository';
import { TypeormRoleRepository } from './repositories/typeorm-role.repository';
import { TypeormTeamRepository } from './repositories/typeorm-team.repository';

const interactors = [
  AddGroupMemberInteractor,
  AddTeamMemberInteractor,
  ChangeTeamMemberInteractor,
  CreateGroupInteractor,
  CreateResourceInteractor,
  CreateRoleInteractor,
  CreateTeamInteractor,
  DeleteGroupInteractor,
  DeleteResourceInteractor,
  DeleteRoleInteractor,
  DeleteTeamInteractor,
  EnsureBuiltInRolesInteractor,
  RemoveGroupMemberInteractor,
  SetTeamRolesInteractor,
  UpdateGroupInteractor,
  UpdateResourceInteractor,
  UpdateRoleInteractor,
  UpdateTeamInteractor,
  AuthorizeInteractor,
  GetGroupInteractor,
  GetResourceInteractor,
  GetRoleInteractor,
  GetTeamInteractor,
  ListGroupsInteractor,
  ListPermissionsInteractor,
  ListResourcesInteractor,
  ListRolesInteractor,
  ListTeamsInteractor,
  Callers,
  Grants,
  ResourceRules,
  Teams,
];

/**
 * Permissions, roles, teams, visibility groups, resources and authorize. Offers identity the roles and teams
 * (AccessDirectoryAdapter) and the grant rule (Grants), and signing the resources (ResourceGateAdapter); uses
 * identity's AccountDirectory and PermissionResolver. The ports are bound in apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ClockModule],
  controllers: [
    PermissionsController,
    RolesController,
    TeamsController,
    GroupsController,
    ResourcesController,
    AuthorizeController,
  ],
  providers: [
    ...interactors,
    { provide: RoleRepository, useClass: TypeormRoleRepository },
    { provide: TeamRepository, useClass: TypeormTeamRepository },
    { provide: GroupRepository, useClass: TypeormGroupRepository },
    { provide: ResourceRepository, useClass: TypeormResourceRepository },
    AccessDirectoryAdapter,
    ResourceGateAdapter,
  ],
  exports: [
    AccessDirectoryAdapter,
    Grants,
    ResourceGateAdapter,
    EnsureBuiltInRolesInteractor,
    AuthorizeInteractor,
    // The admin panel (libs/admin) serves the same use cases as the HTTP routes.
    ListRolesInteractor,
    GetRoleInteractor,
    CreateRoleInteractor,
    UpdateRoleInteractor,
    ListTeamsInteractor,
    GetTeamInteractor,
    CreateTeamInteractor,
    AddTeamMemberInteractor,
    ChangeTeamMemberInteractor,
    SetTeamRolesInteractor,
    ListGroupsInteractor,
    GetGroupInteractor,
    CreateGroupInteractor,
    AddGroupMemberInteractor,
    RemoveGroupMemberInteractor,
    ListResourcesInteractor,
    GetResourceInteractor,
  ],
})
export class AccessModule {}
