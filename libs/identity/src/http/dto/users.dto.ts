import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull, PageQuery } from '@keyward/core';
import { PASSWORD_INPUT_MAX } from './auth.dto';
import { Trim } from './trim';

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the email address, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'grace@example.com' })
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 1024 })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;

  @ApiPropertyOptional({ example: 'Grace Hopper', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ example: ['user', 'signer'], description: 'Role names; default ["user"]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ROLE_NAME, { each: true, message: 'each role must be a role name' })
  roles?: string[];
}

export class UpdateUserRequest {
  @ApiPropertyOptional({ example: 'grace@example.com' })
  @IsOptionalNotNull()
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ description: "Sets a new password; revokes the user's sessions" })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ description: "false deactivates the account and revokes the user's sessions" })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class SetRolesRequest {
  @ApiProperty({ example: ['user', 'signer'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ROLE_NAME, { each: true, message: 'each role must be a role name' })
  roles!: string[];
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'grace@example.com' })
  email!: string;
  @ApiProperty({ nullable: true, type: String })
  name!: string | null;
  @ApiProperty()
  active!: boolean;
  @ApiProperty({ description: 'Whether the owner followed a verification link sent to this email' })
  emailVerified!: boolean;
  @ApiProperty({ example: ['user'] })
  roles!: string[];
  @ApiProperty()
  createdAt!: string;
}

class FirstApiKey {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'default' })
  name!: string;
  @ApiProperty({ example: 'kw_Xy3kP9aQ' })
  prefix!: string;
  @ApiProperty({ description: 'Shown this once only' })
  key!: string;
}

export class CreatedUserResponse extends UserResponse {
  @ApiProperty({ type: FirstApiKey })
  apiKey!: FirstApiKey;
}
