import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PASSWORD_INPUT_MAX } from './auth.dto';

/** Longer than any TOTP code (6 digits) or recovery code (`xxxxx-xxxxx`), with room for blanks. */
const CODE_INPUT_MAX = 32;

export class MfaLoginRequest {
  @ApiProperty({ description: 'The mfaToken of the login answer (single-use, 5 minutes)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  mfaToken!: string;

  @ApiPropertyOptional({ example: '123456', description: 'A current TOTP code; send this or recoveryCode' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_INPUT_MAX)
  code?: string;

  @ApiPropertyOptional({ example: 'k7mxq-4rt2z', description: 'An unused recovery code; send this or code' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_INPUT_MAX)
  recoveryCode?: string;
}

export class MfaRequiredResponse {
  @ApiProperty({ example: true })
  mfaRequired!: true;
  @ApiProperty({ description: 'Send to POST /login/mfa with the second factor; single-use, lives 5 minutes' })
  mfaToken!: string;
  @ApiProperty({ example: ['totp', 'recovery'], enum: ['totp', 'recovery'], isArray: true })
  methods!: string[];
}

export class PasswordConfirmationRequest {
  @ApiProperty({ description: 'Current password, to confirm' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_INPUT_MAX)
  password!: string;
}

export class MfaCodeRequest {
  @ApiProperty({ example: '123456', description: 'A current code of the authenticator app' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_INPUT_MAX)
  code!: string;
}

export class PasswordAndCodeRequest extends PasswordConfirmationRequest {
  @ApiProperty({ example: '123456', description: 'A current TOTP code, or an unused recovery code' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CODE_INPUT_MAX)
  code!: string;
}

class TotpStatusResponse {
  @ApiProperty()
  enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-21T12:00:00.000Z' })
  enabledAt!: string | null;
}

export class MfaStatusResponse {
  @ApiProperty({ type: TotpStatusResponse })
  totp!: TotpStatusResponse;
  @ApiProperty({ example: 10 })
  recoveryCodesLeft!: number;
  @ApiProperty({ example: 0, description: 'How many passkeys the account has' })
  passkeys!: number;
}

export class TotpEnrolmentResponse {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'Base32 secret, for manual entry' })
  secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Keyward:ada%40example.com?secret=...&issuer=Keyward' })
  otpauthUri!: string;
  @ApiProperty({ description: 'The otpauthUri as a QR code, an SVG document' })
  qrSvg!: string;
}

export class RecoveryCodesResponse {
  @ApiProperty({ example: ['k7mxq-4rt2z'], description: '10 single-use codes, shown this once only' })
  recoveryCodes!: string[];
}

export class MeMfaResponse {
  @ApiProperty({ description: 'Whether TOTP is enabled' })
  totp!: boolean;
  @ApiProperty({ example: 0 })
  passkeys!: number;
}
