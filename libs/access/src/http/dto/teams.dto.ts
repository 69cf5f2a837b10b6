import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { TEAM_ROLES, TeamRole } from '../../domain/team';
import { Description, DisplayName, NamedResponse, OptionalDisplayName } from './common.dto';

export class CreateTeamRequest {
  @DisplayName(100, 'platform')
  name!: string;

  @Description()
  description?: string | null;
}

export class UpdateTeamRequest {
  @OptionalDisplayName(100, 'platform')
  name?: string;

  @Description()
  description?: string | null;
}

export class AddTeamMemberRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a user id (UUID)' })
  userId!: string;

  @ApiProperty({ enum: TEAM_ROLES, example: 'member' })
  @IsIn(TEAM_ROLES, { message: `must be one of ${TEAM_ROLES.join(', ')}` })
  role!: TeamRole;
}

export class ChangeTeamMemberRequest {
  @ApiProperty({ enum: TEAM_ROLES, example: 'maintainer' })
  @IsIn(TEAM_ROLES, { message: `must be one of ${TEAM_ROLES.join(', ')}` })
  role!: TeamRole;
}

export class TeamMemberResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
  @ApiProperty({ enum: TEAM_ROLES })
  role!: string;
  @ApiProperty({ format: 'date-time' })
  joinedAt!: string;
}

export class TeamSummaryResponse extends NamedResponse('platform') {
  @ApiProperty({ example: 3 })
  memberCount!: number;
}

export class TeamResponse extends NamedResponse('platform') {
  @ApiProperty({ example: ['signer'], description: 'Roles every member receives' })
  roles!: string[];
  @ApiProperty({ type: [TeamMemberResponse] })
  members!: TeamMemberResponse[];
}
