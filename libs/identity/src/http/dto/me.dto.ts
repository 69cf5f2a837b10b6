import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PASSWORD_INPUT_MAX } from './auth.dto';
import { MeMfaResponse } from './mfa.dto';

export class TeamMembershipResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'platform' })
  name!: string;
  @ApiProperty({ enum: ['owner', 'maintainer', 'member'] })
  role!: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;
  @ApiProperty({ example: 'Ada Lovelace', nullable: true, type: String })
  name!: string | null;
  @ApiProperty({ description: 'Whether the caller followed a verification link sent to this email' })
  emailVerified!: boolean;
  @ApiProperty({ example: ['user'] })
  roles!: string[];
  @ApiProperty({ example: ['signing:sign'], description: 'Effective permissions' })
  permissions!: string[];
  @ApiProperty({ type: [TeamMembershipResponse] })
  teams!: TeamMembershipResponse[];
  @ApiProperty({ example: '2026-11-21T12:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ type: MeMfaResponse, description: 'Second factors: TOTP enabled, number of passkeys' })
  mfa!: MeMfaResponse;
}

export class UpdateMeRequest {
  @ApiPropertyOptional({ example: 'Ada King', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;
}

export class ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_INPUT_MAX)
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 1024 })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  newPassword!: string;
}

export class DeleteMeRequest {
  @ApiProperty({ description: 'Current password, to confirm' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  lastSeenAt!: string;
  @ApiProperty({ description: 'When the session ends if unused (idle) or at the latest (absolute)' })
  expiresAt!: string;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' })
  ip!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'curl/8.5.0' })
  userAgent!: string | null;
  @ApiProperty({ description: 'True for the session of the access token making this request' })
  current!: boolean;
}
