import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
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
  PageOf,
  PageQuery,
  RequirePermission,
  UuidParam,
} from '@keyward/core';
import { Actor, Page } from '@keyward/kernel';
import { RoleView } from '../domain/role';
import { CreateRoleInteractor } from '../interactors/commands/create-role/create-role.interactor';
import { DeleteRoleInteractor } from '../interactors/commands/delete-role/delete-role.interactor';
import { UpdateRoleInteractor } from '../interactors/commands/update-role/update-role.interactor';
import { GetRoleInteractor } from '../interactors/queries/get-role/get-role.interactor';
import { ListPermissionsInteractor } from '../interactors/queries/list-permissions/list-permissions.interactor';
import { ListRolesInteractor } from '../interactors/queries/list-roles/list-roles.interactor';
import { CreateRoleRequest, PermissionResponse, RoleResponse, UpdateRoleRequest } from './dto/roles.dto';

@ApiTags('access control')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401)
@Controller()
export class PermissionsController {
  constructor(private readonly listPermissions: ListPermissionsInteractor) {}

  @Get('permissions')
  @ApiOperation({ summary: 'The permission catalogue (any authenticated user)' })
  @ApiOkResponse({ type: PageOf(PermissionResponse) })
  @ApiProblems(400)
  list(@Query() page: PageQuery): Page<PermissionResponse> {
    return this.listPermissions.execute(page);
  }
}

@ApiTags('access control')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401, 403)
@RequirePermission('roles:manage')
@Controller('roles')
export class RolesController {
  constructor(
    private readonly listRoles: ListRolesInteractor,
    private readonly getRole: GetRoleInteractor,
    private readonly createRole: CreateRoleInteractor,
    private readonly updateRole: UpdateRoleInteractor,
    private readonly deleteRole: DeleteRoleInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List roles with their permissions' })
  @ApiOkResponse({ type: PageOf(RoleResponse) })
  @ApiProblems(400)
  list(@Query() page: PageQuery): Promise<Page<RoleView>> {
    return this.listRoles.execute(page);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a role',
    description: 'The role may carry only permissions the caller holds (else 403 ESCALATION_DENIED).',
  })
  @ApiCreatedResponse({ type: RoleResponse })
  @ApiProblems(400, 409)
  @ApiEscalationDenied('the role would carry a permission the caller lacks')
  create(@CurrentActor() actor: Actor, @Body() body: CreateRoleRequest): Promise<RoleView> {
    return this.createRole.execute({ actor, ...body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One role' })
  @ApiOkResponse({ type: RoleResponse })
  @ApiProblems(404)
  get(@UuidParam('id', 'Role') id: string): Promise<RoleView> {
    return this.getRole.execute({ roleId: id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a role or replace its permissions; takes effect on the next request of every holder',
    description:
      'Built-in roles keep their names; admin always holds every permission (409 ROLE_PROTECTED). Any change needs ' +
      'every permission the role carries before and after it, and the admin role is changed only by admins ' +
      '(else 403 ESCALATION_DENIED).',
  })
  @ApiOkResponse({ type: RoleResponse })
  @ApiProblems(400, 404, 409)
  @ApiEscalationDenied(
    'the role carries, before or after the change, a permission the caller lacks, or is admin and the caller is not',
  )
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Role') id: string,
    @Body() body: UpdateRoleRequest,
  ): Promise<RoleView> {
    return this.updateRole.execute({ actor, roleId: id, ...body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a role; users and teams holding it lose it (built-in roles: 409 ROLE_PROTECTED)',
    description: 'Needs every permission the role carries (else 403 ESCALATION_DENIED).',
  })
  @ApiNoContentResponse()
  @ApiProblems(404, 409)
  @ApiEscalationDenied('the role carries a permission the caller lacks')
  async remove(@CurrentActor() actor: Actor, @UuidParam('id', 'Role') id: string): Promise<void> {
    await this.deleteRole.execute({ actor, roleId: id });
  }
}
