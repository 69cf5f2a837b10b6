import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IgnoresUnknownFields } from '@keyward/core';
import { Trim } from './trim';

/** Long enough for any acceptable password; the policy gives the precise rule (8..1024 characters). */
export const PASSWORD_INPUT_MAX = 4096;

export class RegisterRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 1024 })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;
}

export class LoginRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;
}

/** /token's body: as /login's, but other fields are ignored, as the original sign-file service did. */
@IgnoresUnknownFields()
export class SignFileTokenRequest extends LoginRequest {}

export class RefreshRequest {
  @ApiProperty({ example: '5b0d7c1e-8a59-4c1d-9b0e-6a2f3c4d5e6f.q3Jt...' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}

export class UserSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;
  @ApiProperty({ example: 'Ada Lovelace', nullable: true, type: String })
  name!: string | null;
}

export class RegisteredUserResponse extends UserSummary {
  @ApiProperty({ example: '2026-11-21T12:00:00.000Z' })
  createdAt!: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'JWT access token (HS256), short-lived' })
  accessToken!: string;
  @ApiProperty({ description: 'Opaque refresh token; rotated on every use' })
  refreshToken!: string;
  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Access token lifetime in seconds' })
  expiresIn!: number;
  @ApiProperty({ format: 'uuid' })
  sessionId!: string;
  @ApiProperty({ type: UserSummary })
  user!: UserSummary;
}

/** The sign-file service's token response, kept for its clients. */
export class SignFileTokenResponse {
  @ApiProperty({ description: 'Bearer access token' })
  token!: string;
  @ApiProperty({ format: 'uuid' })
  user_id!: string;
  @ApiProperty({ example: 1795000000, description: 'Expiry, unix seconds' })
  exp!: number;
}
