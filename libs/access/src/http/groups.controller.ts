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
import { ApiProblems, CurrentActor, PageOf, PageQuery, RequirePermission, UuidParam } from '@keyward/core';
import { Actor, ValidationFailedError } from '@keyward/kernel';
import { AddGroupMemberInteractor } from '../interactors/commands/add-group-member/add-group-member.interactor';
import { CreateGroupInteractor } from '../interactors/commands/create-group/create-group.interactor';
import { DeleteGroupInteractor } from '../interactors/commands/delete-group/delete-group.interactor';
import { RemoveGroupMemberInteractor } from '../interactors/commands/remove-group-member/remove-group-member.interactor';
import { UpdateGroupInteractor } from '../interactors/commands/update-group/update-group.interactor';
import { GetGroupInteractor } from '../interactors/queries/get-group/get-group.interactor';
import { ListGroupsInteractor } from '../interactors/queries/list-groups/list-groups.interactor';
import {
  AddGroupMemberRequest,
  CreateGroupRequest,
  GroupMemberResponse,
  GroupResponse,
  GroupSummaryResponse,
  UpdateGroupRequest,
} from './dto/groups.dto';

@ApiTags('access control')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiProblems(401, 403)
@RequirePermission('groups:manage')
@Controller('visibility-groups')
export class GroupsController {
  constructor(
    private readonly listGroups: ListGroupsInteractor,
    private readonly getGroup: GetGroupInteractor,
    private readonly createGroup: CreateGroupInteractor,
    private readonly updateGroup: UpdateGroupInteractor,
    private readonly deleteGroup: DeleteGroupInteractor,
    private readonly addMember: AddGroupMemberInteractor,
    private readonly removeMember: RemoveGroupMemberInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List visibility groups' })
  @ApiOkResponse({ type: PageOf(GroupSummaryResponse) })
  @ApiProblems(400)
  list(@Query() page: PageQuery) {
    return this.listGroups.execute(page);
  }

  @Post()
  @ApiOperation({ summary: 'Create a visibility group' })
  @ApiCreatedResponse({ type: GroupResponse })
  @ApiProblems(400, 409)
  create(@CurrentActor() actor: Actor, @Body() body: CreateGroupRequest) {
    return this.createGroup.execute({ actor, ...body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A visibility group with its members' })
  @ApiOkResponse({ type: GroupResponse })
  @ApiProblems(404)
  get(@UuidParam('id', 'Visibility group') id: string) {
    return this.getGroup.execute({ groupId: id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or describe a visibility group' })
  @ApiOkResponse({ type: GroupResponse })
  @ApiProblems(400, 404, 409)
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Visibility group') id: string,
    @Body() body: UpdateGroupRequest,
  ) {
    return this.updateGroup.execute({ actor, groupId: id, ...body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a visibility group; resources stop being visible through it' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(@CurrentActor() actor: Actor, @UuidParam('id', 'Visibility group') id: string): Promise<void> {
    await this.deleteGroup.execute({ actor, groupId: id });
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a user ({userId}) or a team ({teamId}) to the group' })
  @ApiCreatedResponse({ type: GroupMemberResponse })
  @ApiProblems(400, 404, 409)
  add(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Visibility group') id: string,
    @Body() body: AddGroupMemberRequest,
  ) {
    if ((body.userId === undefined) === (body.teamId === undefined))
      throw new ValidationFailedError('Give exactly one of userId and teamId', [
        { field: body.userId === undefined ? 'userId' : 'teamId', message: 'give exactly one of userId and teamId' },
      ]);
    const member =
      body.userId !== undefined
        ? { kind: 'user' as const, id: body.userId }
        : { kind: 'team' as const, id: body.teamId! };
    return this.addMember.execute({ actor, groupId: id, member });
  }

  @Delete(':id/members/:memberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user or team from the group' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async removeOne(
    @CurrentActor() actor: Actor,
    @UuidParam('id', 'Visibility group') id: string,
    @UuidParam('memberId', 'Member') memberId: string,
  ): Promise<void> {
    await this.removeMember.execute({ actor, groupId: id, memberId });
  }
}
