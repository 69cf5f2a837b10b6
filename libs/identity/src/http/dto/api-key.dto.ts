import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDate, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@keyward/core';
import { Trim } from './trim';

/** A full ISO 8601 date-time with a time zone and a four-digit year (what the database can hold). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Turns an ISO 8601 date-time into a Date; anything else (numbers, "2030", "March 7, 2030", 2030-02-30,
 * years past 9999) stays as it is, so @IsDate rejects it instead of Date guessing.
 */
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
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ example: 'kw_Xy3kP9aQ...', description: 'The key itself; shown this once only' })
  key!: string;
}
