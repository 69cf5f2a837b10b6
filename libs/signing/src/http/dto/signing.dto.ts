import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IgnoresUnknownFields } from '@keyward/core';
import { DIGEST_ALGOS, DigestAlgo, SIGN_TYPES, SignType } from '../../domain/signing';

/** The query of the sign-file service's /sign and /sign-batch, names included; others are ignored, as there. */
@IgnoresUnknownFields()
export class SignQuery {
  @ApiProperty({
    description: 'Short (8) or long (16 hex digits) key id, or fingerprint; any case, optional 0x',
    example: 'A1B2C3D4E5F60718',
  })
  @IsString()
  @Length(1, 100)
  keyid!: string;

  @ApiPropertyOptional({ enum: SIGN_TYPES, default: 'detach-sign' })
  @IsOptional()
  @IsIn(SIGN_TYPES)
  sign_type: SignType = 'detach-sign';

  @ApiPropertyOptional({
    enum: DIGEST_ALGOS,
    default: 'SHA256',
    description: 'Any case (gpg, behind the original service, took `sha256` too)',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(DIGEST_ALGOS)
  sign_algo: DigestAlgo = 'SHA256';
}

export class SigningKeyResponse {
  @ApiProperty({ example: 'A1B2C3D4E5F60718', description: 'Long key id' })
  keyid!: string;
  @ApiProperty({ example: '0123456789ABCDEF0123456789ABCDEFA1B2C3D4' })
  fingerprint!: string;
  @ApiProperty({ example: ['Release Signing <release@example.com>'] })
  uids!: string[];
  @ApiProperty({ example: 'RSA', description: 'Such as RSA or EdDSA' })
  algorithm!: string;
  @ApiProperty({ example: 4096 })
  bits!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ nullable: true, type: String, example: null })
  expiresAt!: string | null;
}

export class BatchResultResponse {
  @ApiProperty({ example: 'release.tar.gz' })
  filename!: string;
  @ApiProperty({ example: true, description: 'Always true: a batch with a failure fails as a whole' })
  success!: boolean;
  @ApiProperty({
    example: '-----BEGIN PGP SIGNATURE-----\n\niQIz...\n-----END PGP SIGNATURE-----\n',
    description: 'The armored detached signature, or the clear-signed document (as UTF-8 text)',
  })
  signature!: string;
}

export class BatchResponse {
  @ApiProperty({ type: [BatchResultResponse] })
  results!: BatchResultResponse[];
  @ApiProperty({ example: 2 })
  total!: number;
  @ApiProperty({ example: 2 })
  successful!: number;
}

export class VerificationResponse {
  @ApiProperty({
    example: true,
    description: 'False for a bad signature, an unknown key or something that is no signature',
  })
  valid!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'A1B2C3D4E5F60718' })
  keyid!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0123456789ABCDEF0123456789ABCDEFA1B2C3D4' })
  fingerprint!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-21T12:00:00.000Z' })
  signedAt!: string | null;
}
