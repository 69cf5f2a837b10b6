import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PASSWORD_INPUT_MAX } from './auth.dto';
import { Trim } from './trim';

/** Tokens are 43 base64url characters; anything much longer is not one of ours. */
const TOKEN_MAX = 256;

export class ForgotPasswordRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;
}

export class ResetPasswordRequest {
  @ApiProperty({ description: 'The token of the reset link (its `token` query parameter)', maxLength: TOKEN_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_MAX)
  token!: string;

  @ApiProperty({ minLength: 8, maxLength: 1024 })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  newPassword!: string;
}

export class VerifyEmailRequest {
  @ApiProperty({
    description: 'The token of the verification link (its `token` query parameter)',
    maxLength: TOKEN_MAX,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_MAX)
  token!: string;
}

export class LinkPageQuery {
  @ApiPropertyOptional({ description: 'The token from the mailed link', maxLength: TOKEN_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(TOKEN_MAX)
  token?: string;
}
