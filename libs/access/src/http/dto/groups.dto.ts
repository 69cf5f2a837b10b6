import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '@keyward/core';
import { Description, DisplayName, NamedResponse, OptionalDisplayName } from './common.dto';

export class CreateGroupRequest {
  @DisplayName(100, 'release-managers')
  name!: string;

  @Description()
  description?: string | null;
}

export class UpdateGroupRequest {
  @OptionalDisplayName(100, 'release-managers')
  name?: string;

  @Description()
  description?: string | null;
}

/** Exactly one of userId and teamId (checked by the controller). */
export class AddGroupMemberRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'A user; or give teamId' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a user id (UUID)' })
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A team, whose members all belong; or give userId' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a team id (UUID)' })
  teamId?: string;
}

export class GroupMemberResponse {
  @ApiProperty({ format: 'uuid', description: 'The user id or team id' })
  memberId!: string;
  @ApiProperty({ enum: ['user', 'team'] })
  type!: string;
  @ApiProperty({ format: 'date-time' })
  addedAt!: string;
}

export class GroupSummaryResponse extends NamedResponse('release-managers') {
  @ApiProperty({ example: 2 })
  memberCount!: number;
}

export class GroupResponse extends NamedResponse('release-managers') {
  @ApiProperty({ type: [GroupMemberResponse] })
  members!: GroupMemberResponse[];
}
