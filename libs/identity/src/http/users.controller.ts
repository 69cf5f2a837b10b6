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
  PageOf,
  PageQuery,
  RequirePermission,
  UuidParam,
} from '@keyward/core';
import { Actor, Page } from '@keyward/kernel';
import { ApiKeyView } from '../domain/api-key';
import { UserView } from '../domain/user';
import { CreateApiKeyInteractor } from '../interactors/commands/create-api-key/create-api-key.interactor';
import { CreateUserInteractor } from '../interactors/commands/create-user/create-user.interactor';
import { DeleteApiKeyInteractor } from '../interactors/commands/delete-api-key/delete-api-key.interactor';
import { DeleteUserInteractor } from '../interactors/commands/delete-user/delete-user.interactor';
import { RevokeUserSessionsInteractor } from '../interactors/commands/revoke-user-sessions/revoke-user-sessions.interactor';
import { SetUserRolesInteractor } from '../interactors/commands/set-user-roles/set-user-roles.interactor';
import { UpdateApiKeyInteractor } from '../interactors/commands/update-api-key/update-api-key.interactor';
import { UpdateUserInteractor } from '../interactors/commands/update-user/update-user.interactor';
import { GetUserInteractor } from '../interactors/queries/get-user/get-user.interactor';
import { ListApiKeysInteractor } from '../interactors/queries/list-api-keys/list-api-keys.interactor';
import { ListSessionsInteractor, SessionView } from '../interactors/queries/list-sessions/list-sessions.interactor';
import { ListUsersInteractor } from '../interactors/queries/list-users/list-users.interactor';
import { ApiKeyResponse, CreateApiKeyRequest, CreatedApiKeyResponse, UpdateApiKeyRequest } from './dto/api-key.dto';
import { SessionResponse } from './dto/me.dto';
import {
  CreatedUserResponse,
  CreateUserRequest,
  ListUsersQuery,
  SetRolesRequest,
  UpdateUserRequest,
  UserResponse,
} from './dto/users.dto';

/** Whoever acts on another account through these routes may not be outranked by it (see GrantGuard). */
const OUTRANKED = 'the user holds a permission the caller lacks, or is an administrator and the caller is not';
const ROLES_NOT_HELD =
  'a role added or removed carries a permission the caller lacks, or is admin and the caller is not an administrator';

@ApiTags('users')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401, 403)
@Controller('users')
export class UsersController {
  constructor(
    private readonly listUsers: ListUsersInteractor,
    private readonly getUser: GetUserInteractor,
    private readonly createUser: CreateUserInteractor,
    private readonly updateUser: UpdateUserInteractor,
    private readonly deleteUser: DeleteUserInteractor,
    private readonly setRoles: SetUserRolesInteractor,
    private readonly listKeys: ListApiKeysInteractor,
    private readonly createKey: CreateApiKeyInteractor,
    private readonly updateKey: UpdateApiKeyInteractor,
    private readonly deleteKey: DeleteApiKeyInteractor,
    private readonly listSessions: ListSessionsInteractor,
    private readonly revokeSessions: RevokeUserSessionsInteractor,
  ) {}

  @Get()
  @RequirePermission('users:read')
  @ApiOperation({ summary: 'List users, optionally filtered by part of the email' })
  @ApiOkResponse({ type: PageOf(UserResponse) })
  @ApiProblems(400)
  list(@Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.listUsers.execute({ email: query.email, page: query });
  }

  @Post()
  @RequirePermission('users:write')
  @ApiOperation({
    summary: 'Create a user and a first API key (the key is in this response only)',
    description:
      'The roles may carry only permissions the caller holds, and admin only by an admin (403 ESCALATION_DENIED).',
  })
  @ApiCreatedResponse({ type: CreatedUserResponse })
  @ApiProblems(400, 409)
  @ApiEscalationDenied(ROLES_NOT_HELD)
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserRequest): Promise<CreatedUserResponse> {
    return this.createUser.execute({ actor, ...body });
  }

  @Get(':id')
  @RequirePermission('users:read')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(404)
  get(@UuidParam('id', 'User') id: string): Promise<UserView> {
    return this.getUser.execute({ userId: id });
  }

  @Patch(':id')
  @RequirePermission('users:write')
  @ApiOperation({
    summary: 'Change email, password, name or active; deactivation and a new password revoke sessions',
    description:
      'Deactivating the last active administrator is 409 LAST_ADMIN; a taken email is 409 EMAIL_TAKEN. Another ' +
      'user must hold no permission the caller lacks (403 ESCALATION_DENIED): a helpdesk cannot take over an admin.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 404, 409)
  @ApiEscalationDenied(OUTRANKED)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @Body() body: UpdateUserRequest,
  ): Promise<UserView> {
    return this.updateUser.execute({ actor, userId: id, ...body });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('users:write')
  @ApiOperation({
    summary: 'Delete a user with their sessions and API keys',
    description:
      'The last active administrator cannot be deleted (409 LAST_ADMIN); another user must hold no permission the ' +
      'caller lacks (403 ESCALATION_DENIED).',
  })
  @ApiNoContentResponse()
  @ApiProblems(404, 409)
  @ApiEscalationDenied(OUTRANKED)
  async remove(@CurrentActor() actor: Actor, @UuidParam('id', 'User') id: string): Promise<void> {
    await this.deleteUser.execute({ actor, userId: id });
  }

  @Put(':id/roles')
  @RequirePermission('users:write')
  @ApiOperation({
    summary: "Replace the user's roles",
    description:
      'Unknown roles are 400; taking admin from the last active administrator is 409 LAST_ADMIN. Every role added ' +
      'or removed may carry only permissions the caller holds, admin is granted and removed only by admins, and ' +
      'another user must hold no permission the caller lacks (403 ESCALATION_DENIED).',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 404, 409)
  @ApiEscalationDenied(`${ROLES_NOT_HELD}, or ${OUTRANKED}`)
  roles(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @Body() body: SetRolesRequest,
  ): Promise<UserView> {
    return this.setRoles.execute({ actor, userId: id, roles: body.roles });
  }

  @Get(':id/api-keys')
  @RequirePermission('users:read')
  @ApiOperation({ summary: "The user's API keys" })
  @ApiOkResponse({ type: PageOf(ApiKeyResponse) })
  @ApiProblems(400, 404)
  keys(@UuidParam('id', 'User') id: string, @Query() page: PageQuery): Promise<Page<ApiKeyView>> {
    return this.listKeys.execute({ userId: id, page });
  }

  @Post(':id/api-keys')
  @RequirePermission('users:write')
  @ApiOperation({
    summary:
      'Create an API key for the user, optionally limited to some permissions (the key is in this response only)',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiProblems(400, 404)
  @ApiEscalationDenied(`${OUTRANKED}, or the scope lists a permission the caller lacks`)
  createApiKey(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @Body() body: CreateApiKeyRequest,
  ): Promise<CreatedApiKeyResponse> {
    return this.createKey.execute({ actor, userId: id, ...body });
  }

  @Patch(':id/api-keys/:keyId')
  @RequirePermission('users:write')
  @ApiOperation({ summary: "Rename, deactivate or re-activate one of the user's API keys" })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiProblems(400, 404)
  @ApiEscalationDenied(OUTRANKED)
  updateApiKey(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @UuidParam('keyId', 'API key') keyId: string,
    @Body() body: UpdateApiKeyRequest,
  ): Promise<ApiKeyView> {
    return this.updateKey.execute({ actor, userId: id, id: keyId, ...body });
  }

  @Delete(':id/api-keys/:keyId')
  @HttpCode(204)
  @RequirePermission('users:write')
  @ApiOperation({ summary: "Delete one of the user's API keys" })
  @ApiNoContentResponse()
  @ApiProblems(404)
  @ApiEscalationDenied(OUTRANKED)
  async deleteApiKey(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'User') id: string,
    @UuidParam('keyId', 'API key') keyId: string,
  ): Promise<void> {
    await this.deleteKey.execute({ actor, userId: id, id: keyId });
  }

  @Get(':id/sessions')
  @RequirePermission('users:read')
  @ApiOperation({ summary: "The user's live sessions" })
  @ApiOkResponse({ type: PageOf(SessionResponse) })
  @ApiProblems(400, 404)
  sessions(@UuidParam('id', 'User') id: string, @Query() page: PageQuery): Promise<Page<SessionView>> {
    return this.listSessions.execute({ userId: id, currentSessionId: null, page });
  }

  @Delete(':id/sessions')
  @HttpCode(204)
  @RequirePermission('users:write')
  @ApiOperation({ summary: 'Revoke every session of the user' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  @ApiEscalationDenied(OUTRANKED)
  async revokeAll(@CurrentActor() actor: Actor, @UuidParam('id', 'User') id: string): Promise<void> {
    await this.revokeSessions.execute({ actor, userId: id });
  }
}
