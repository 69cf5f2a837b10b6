import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@keyward/core';
import { AUDIT_LIMITS } from '../../domain/audit-event';

/** A full ISO 8601 date-time with a time zone: without one, the instant would depend on the server. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Turns a valid date-time into a Date; anything else (2026-02-30, "yesterday", 1700000000) stays for @IsDate to refuse. */
const IsoDateTime = () =>
  Transform(({ value }) => {
    const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
    if (!match) return value;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const calendarDay = new Date(Date.UTC(year, month - 1, day));
    if (calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day) return value;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  });

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events by this user' })
  @IsOptional()
  @IsString()
  @Matches(UUID, { message: 'must be a UUID' })
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
