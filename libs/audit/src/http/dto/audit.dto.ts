import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDate, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsoDateTime, PageQuery } from '@keyward/core';
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
  @ApiProperty({ example: 'signing.sign' })
  action!: string;
  @ApiProperty({ example: 'signing-key', nullable: true, type: String })
  targetType!: string | null;
  @ApiProperty({ example: '0123456789ABCDEF', nullable: true, type: String })
  targetId!: string | null;
  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String })
  ip!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { filename: 'release.tar.gz' } })
  details!: Record<string, unknown>;
}
