import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateBy,
} from 'class-validator';
import { IsOptionalNotNull, PageQuery, Trim } from '@keyward/core';
import { DisplayName, OptionalDisplayName } from './common.dto';

const RESOURCE_TYPE = /^[a-z0-9][a-z0-9._:-]{0,99}$/;
const TYPE_MESSAGE = 'must be 1-100 characters of a-z, 0-9, ".", "_", ":" and "-", such as signing-key';
export const ATTRIBUTES_MAX_BYTES = 16384;

const SmallJson = () =>
  ValidateBy({
    name: 'smallJson',
    validator: {
      validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '') <= ATTRIBUTES_MAX_BYTES,
      defaultMessage: () => `must be at most ${ATTRIBUTES_MAX_BYTES} bytes as JSON`,
    },
  });

export class ListResourcesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'signing-key', description: 'Only resources of this type' })
  @IsOptional()
  @Matches(RESOURCE_TYPE, { message: `type ${TYPE_MESSAGE}` })
  type?: string;
}

export class CreateResourceRequest {
  @ApiProperty({ example: 'document', pattern: RESOURCE_TYPE.source })
  @Trim()
  @IsString()
  @Matches(RESOURCE_TYPE, { message: `type ${TYPE_MESSAGE}` })
  type!: string;

  @DisplayName(200, 'Quarterly report')
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A team you belong to' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a team id (UUID)' })
  ownerTeamId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each must be a visibility group id (UUID)' })
  visibilityGroupIds?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { env: 'prod' } })
  @IsOptionalNotNull()
  @IsObject({ message: 'must be a JSON object' })
  @SmallJson()
  attributes?: Record<string, unknown>;
}

export class UpdateResourceRequest {
  @ApiPropertyOptional({ example: 'document', pattern: RESOURCE_TYPE.source })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  @Matches(RESOURCE_TYPE, { message: `type ${TYPE_MESSAGE}` })
  type?: string;

  @OptionalDisplayName(200, 'Quarterly report')
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null removes the owner team' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a team id (UUID)' })
  ownerTeamId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the groups' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each must be a visibility group id (UUID)' })
  visibilityGroupIds?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces the attributes' })
  @IsOptionalNotNull()
  @IsObject({ message: 'must be a JSON object' })
  @SmallJson()
  attributes?: Record<string, unknown>;
}

export class ResourceResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'document' })
  type!: string;
  @ApiProperty({ example: 'Quarterly report' })
  name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ownerTeamId!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' })
  visibilityGroupIds!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true })
  attributes!: Record<string, unknown>;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null for resources of the service itself',
  })
  createdBy!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class AuthorizeRequest {
  @ApiProperty({ example: 'signing:sign', description: 'A name from GET /permissions' })
  @IsString()
  @Length(1, 64)
  permission!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Also require that the user sees this resource' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a resource id (UUID)' })
  resourceId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Ask about this user instead of the caller (needs authz:check)' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a user id (UUID)' })
  userId?: string;
}

export class AuthorizeResponse {
  @ApiProperty()
  allowed!: boolean;
  @ApiProperty({ example: 'signing:sign granted by role signer' })
  reason!: string;
}
