import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, registerDecorator } from 'class-validator';
import { ttlSeconds } from '../../domain/ttl';

/** 1 to 1024 Unicode characters (code points, so an emoji counts once). */
const PASSPHRASE = /^[\s\S]{1,1024}$/u;

function IsTtl() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTtl',
      target: target.constructor,
      propertyName,
      validator: { validate: (value: unknown) => ttlSeconds(value) !== null },
      options: { message: 'must be whole seconds, or {days, hours, minutes}, between 1 second and 7 days' },
    });
}

/** Whole, non-negative amounts; together at least 1 minute and at most 7 days. */
export class TtlParts {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 7, example: 1 })
  days?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 168, example: 12 })
  hours?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10080, example: 30 })
  minutes?: number;
}

export class CreateSecretRequest {
  @ApiProperty({
    example: 'the database password is hunter2',
    description: 'UTF-8 text, at most SECRETS_MAX_BYTES bytes',
  })
  @IsString()
  @Matches(/^[\s\S]+$/, { message: 'must not be empty' })
  secret!: string;

  @ApiProperty({ example: 'blue canoe', minLength: 1, maxLength: 1024 })
  @IsString()
  @Matches(PASSPHRASE, { message: 'must be 1 to 1024 characters' })
  passphrase!: string;

  @ApiPropertyOptional({
    description: 'Seconds, or {days, hours, minutes}; 1 second to 7 days; default 7 days',
    oneOf: [{ type: 'integer', minimum: 1, maximum: 604800, example: 3600 }, { $ref: getSchemaPath(TtlParts) }],
  })
  @IsOptional()
  @IsTtl()
  ttl?: number | TtlParts;
}

export class RevealSecretRequest {
  @ApiProperty({ example: 'blue canoe' })
  @IsString()
  @Matches(PASSPHRASE, { message: 'must be 1 to 1024 characters' })
  passphrase!: string;
}

export class CreatedSecretResponse {
  @ApiProperty({ format: 'uuid', description: 'Receipt id (for GET/DELETE /secrets as the creator)' })
  id!: string;
  @ApiProperty({ example: 'Jx3v9...', description: 'The key that reveals the secret; shown only here, never stored' })
  secretKey!: string;
  @ApiProperty({ example: '2026-11-28T12:00:00.000Z' })
  expiresAt!: string;
}

export class SecretMetadataResponse {
  @ApiProperty({ example: '2026-11-28T12:00:00.000Z' })
  expiresAt!: string;
  @ApiProperty({ example: true })
  passphraseRequired!: true;
}

export class RevealedSecretResponse {
  @ApiProperty({ example: 'the database password is hunter2' })
  secret!: string;
}

export class ReceiptResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  expiresAt!: string;
  @ApiProperty({ enum: ['pending', 'revealed', 'expired', 'burned'] })
  state!: string;
  @ApiProperty({ nullable: true, type: String })
  revealedAt!: string | null;
}
