import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDate, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsoDateTime, PageQuery } from '@keyward/core';
import { AUDIT_ACTIONS } from '@keyward/kernel';
import { AUDIT_LIMITS } from '../../domain/audit-event';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events by this user' })
  @IsOptional()
  // 'loose': any hex UUID, as isUuid from @keyward/core accepts when events are recorded.
  @IsUUID('loose', { message: 'must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'signing.sign', description: 'Only this action (exact match)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(AUDIT_LIMITS.action)
  action?: string;

  @ApiPropertyOptional({ example: 'user', description: 'Only events about this kind of object (exact match)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(AUDIT_LIMITS.targetType)
  targetType?: string;

  @ApiPropertyOptional({
    example: '3f0c2a9e-8d7b-4c61-9f2e-1b5a7c9d0e42',
    description: 'Only events about this object (exact match; a user id, role id, key fingerprint...)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(AUDIT_LIMITS.targetId)
  targetId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Events at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsoDateTime()
  @IsDate({ message: 'must be an ISO 8601 date-time with a time zone' })
  from?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Events before this instant (ISO 8601)' })
  @IsOptional()
  @IsoDateTime()
  @IsDate({ message: 'must be an ISO 8601 date-time with a time zone' })
  to?: Date;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '2026-11-21T10:11:12.345Z' })
  at!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who acted; null for the system' })
  actorId!: string | null;
  @ApiProperty({ example: 'signing.sign', enum: Object.keys(AUDIT_ACTIONS) })
  action!: string;
  @ApiProperty({ example: 'signing-key', nullable: true, type: String })
  targetType!: string | null;
  @ApiProperty({ example: '0123456789ABCDEF', nullable: true, type: String })
  targetId!: string | null;
  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String })
  ip!: string | null;
  @ApiProperty({
    example: 'f3b2c1d0-1234-4cde-8f00-0123456789ab',
    nullable: true,
    type: String,
    description: 'The X-Request-Id of the request that caused the event; null outside a request',
  })
  requestId!: string | null;
  // null listed too: OpenAPI 3.0 checks an enum before it looks at nullable.
  @ApiProperty({
    enum: ['api', 'admin', 'cli', null],
    nullable: true,
    description: 'Where the event came from: the API, the admin panel or the CLI; null outside a request',
  })
  via!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { filename: 'release.tar.gz' },
    description: 'What else is worth knowing; never passwords, tokens, keys, secrets or passphrases',
  })
  details!: Record<string, unknown>;
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description:
      "SHA-256 over the previous event's hash and this event's fields; `npm run cli -- audit:verify` checks the chain",
  })
  hash!: string;
}
