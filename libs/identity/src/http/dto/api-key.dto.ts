import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull, IsoDateTime } from '@keyward/core';
import { Trim } from './trim';

const SCOPE_DESCRIPTION =
  'Names from GET /permissions. The key acts with those of them its owner holds at each request (a demoted ' +
  "owner's keys shrink too). null or absent: all of the owner's permissions; [] a key holding none (self-service " +
  'routes only). The caller must hold every permission it lists (else 403 ESCALATION_DENIED); unknown names are ' +
  '400 VALIDATION_FAILED. Through a scoped key, GET /me, /authorize and every permission check see only the ' +
  "key's effective permissions, and the key never acts as an administrator.";

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'ci pipeline', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'Optional expiry (ISO 8601, in the future)' })
  @IsOptional()
  @IsoDateTime()
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  expiresAt?: Date;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['signing:sign'],
    description: SCOPE_DESCRIPTION,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions?: string[] | null;
}

export class UpdateApiKeyRequest {
  @ApiPropertyOptional({ example: 'renamed', maxLength: 100 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'false deactivates the key; true re-activates it' })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'ci pipeline' })
  name!: string;
  @ApiProperty({ example: 'kw_Xy3kP9aQ', description: 'First characters of the key, to recognise it' })
  prefix!: string;
  @ApiProperty()
  active!: boolean;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty({ nullable: true, type: String })
  lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String })
  expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: [String], example: ['signing:sign'], description: SCOPE_DESCRIPTION })
  permissions!: string[] | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ example: 'kw_Xy3kP9aQ...', description: 'The key itself; shown this once only' })
  key!: string;
}
