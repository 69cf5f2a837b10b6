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
import { ApiProblems, CurrentPrincipal, PageOf, UuidParam } from '@keyward/core';
import { Page, Principal } from '@keyward/kernel';
import { ResourceView } from '../domain/resource';
import { CreateResourceInteractor } from '../interactors/commands/create-resource/create-resource.interactor';
import { DeleteResourceInteractor } from '../interactors/commands/delete-resource/delete-resource.interactor';
import { UpdateResourceInteractor } from '../interactors/commands/update-resource/update-resource.interactor';
import { AuthorizeInteractor, Decision } from '../interactors/queries/authorize/authorize.interactor';
import { GetResourceInteractor } from '../interactors/queries/get-resource/get-resource.interactor';
import { ListResourcesInteractor } from '../interactors/queries/list-resources/list-resources.interactor';
import {
  AuthorizeRequest,
  AuthorizeResponse,
  CreateResourceRequest,
  ListResourcesQuery,
  ResourceResponse,
  UpdateResourceRequest,
} from './dto/resources.dto';

/**
 * Any user may register resources. A resource is visible to resource admins (`resources:manage`), its creator,
 * members of its owner team and members (directly or through a team) of its visibility groups; to anyone else it
 * answers 404. The creator, owner-team owners and maintainers, and resource admins change and delete it.
 */
@ApiTags('access control')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401)
@Controller('resources')
export class ResourcesController {
  constructor(
    private readonly listResources: ListResourcesInteractor,
    private readonly getResource: GetResourceInteractor,
    private readonly createResource: CreateResourceInteractor,
    private readonly updateResource: UpdateResourceInteractor,
    private readonly deleteResource: DeleteResourceInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The resources the caller sees, optionally of one type' })
  @ApiOkResponse({ type: PageOf(ResourceResponse) })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListResourcesQuery): Promise<Page<ResourceView>> {
    return this.listResources.execute({
      actorId: principal.userId,
      type: query.type,
      limit: query.limit,
      offset: query.offset,
    });
  }

  @Post()
  @ApiOperation({ summary: 'Register a resource (the owner team must be one of the caller’s)' })
  @ApiCreatedResponse({ type: ResourceResponse })
  @ApiProblems(400, 403)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateResourceRequest): Promise<ResourceView> {
    return this.createResource.execute({ actorId: principal.userId, ...body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One resource (404 when the caller does not see it)' })
  @ApiOkResponse({ type: ResourceResponse })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Resource') id: string): Promise<ResourceView> {
    return this.getResource.execute({ actorId: principal.userId, resourceId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a resource; lists (visibilityGroupIds) and attributes are replaced' })
  @ApiOkResponse({ type: ResourceResponse })
  @ApiProblems(400, 403, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id', 'Resource') id: string,
    @Body() body: UpdateResourceRequest,
  ): Promise<ResourceView> {
    return this.updateResource.execute({ actorId: principal.userId, resourceId: id, ...body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a resource' })
  @ApiNoContentResponse()
  @ApiProblems(403, 404)
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Resource') id: string): Promise<void> {
    await this.deleteResource.execute({ actorId: principal.userId, resourceId: id });
  }
}

@ApiTags('access control')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401)
@Controller('authorize')
export class AuthorizeController {
  constructor(private readonly authorize: AuthorizeInteractor) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'May this user do this (on this resource)? For the caller, or for userId with authz:check',
    description: 'A resource the user does not see (or that does not exist) answers allowed: false.',
  })
  @ApiOkResponse({ type: AuthorizeResponse })
  @ApiProblems(400, 403, 404)
  check(@CurrentPrincipal() principal: Principal, @Body() body: AuthorizeRequest): Promise<Decision> {
    return this.authorize.execute({ actorId: principal.userId, ...body });
  }
}
