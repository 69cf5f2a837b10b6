import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull, Trim } from '@keyward/core';
import { Description, ROLE_NAME, ROLE_NAME_MESSAGE, RoleNames } from './common.dto';

export class PermissionResponse {
  @ApiProperty({ example: 'users:read' })
  name!: string;
  @ApiProperty({ example: 'List and view user accounts' })
  description!: string;
}

export class CreateRoleRequest {
  @ApiProperty({ example: 'auditor', pattern: ROLE_NAME.source })
  @Trim()
  @IsString()
  @Matches(ROLE_NAME, { message: `name ${ROLE_NAME_MESSAGE}` })
  name!: string;

  @Description()
  description?: string | null;

  @ApiProperty({ example: ['audit:read'], description: 'Names from GET /permissions' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions!: string[];
}

export class UpdateRoleRequest {
  @ApiPropertyOptional({ example: 'auditor', pattern: ROLE_NAME.source, description: 'Built-in roles keep their name' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Matches(ROLE_NAME, { message: `name ${ROLE_NAME_MESSAGE}` })
  name?: string;

  @Description()
  description?: string | null;

  @ApiPropertyOptional({ example: ['audit:read'], description: 'Replaces the permissions; admin keeps all of them' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions?: string[];
}

export class RoleResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'auditor' })
  name!: string;
  @ApiProperty({ nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ description: 'admin, user and signer: cannot be deleted or renamed' })
  builtIn!: boolean;
  @ApiProperty({ example: ['audit:read'] })
  permissions!: string[];
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class SetTeamRolesRequest {
  @ApiProperty({ example: ['signer'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @RoleNames()
  roles!: string[];
}
