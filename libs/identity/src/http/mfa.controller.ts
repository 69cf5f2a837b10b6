import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal } from '@keyward/core';
import { Principal } from '@keyward/kernel';
import { ConfirmTotpInteractor } from '../interactors/commands/confirm-totp/confirm-totp.interactor';
import { DisableTotpInteractor } from '../interactors/commands/disable-totp/disable-totp.interactor';
import { EnrolTotpInteractor } from '../interactors/commands/enrol-totp/enrol-totp.interactor';
import { RegenerateRecoveryCodesInteractor } from '../interactors/commands/regenerate-recovery-codes/regenerate-recovery-codes.interactor';
import { GetMfaStatusInteractor } from '../interactors/queries/get-mfa-status/get-mfa-status.interactor';
import {
  MfaCodeRequest,
  MfaStatusResponse,
  PasswordAndCodeRequest,
  PasswordConfirmationRequest,
  RecoveryCodesResponse,
  TotpEnrolmentResponse,
} from './dto/mfa.dto';
import { AllowedBeforeMfaEnrolment } from './guards/mfa-enrolment.guard';

const LIMITS =
  'Wrong passwords and codes count towards the account MFA limit (RATE_LIMIT_MFA_FAILURES_PER_ACCOUNT in ' +
  'RATE_LIMIT_MFA_FAILURE_WINDOW_SECONDS); past it: 429 RATE_LIMITED with Retry-After.';

@ApiTags('mfa')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@AllowedBeforeMfaEnrolment()
@Controller('mfa')
export class MfaController {
  constructor(
    private readonly status: GetMfaStatusInteractor,
    private readonly enrol: EnrolTotpInteractor,
    private readonly confirm: ConfirmTotpInteractor,
    private readonly disable: DisableTotpInteractor,
    private readonly regenerate: RegenerateRecoveryCodesInteractor,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's second factors: TOTP, recovery codes left, passkeys" })
  @ApiOkResponse({ type: MfaStatusResponse })
  @ApiProblems(401)
  get(@CurrentPrincipal() principal: Principal): Promise<MfaStatusResponse> {
    return this.status.execute({ userId: principal.userId });
  }

  @Post('totp')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a TOTP enrolment (password required): secret, otpauth URI and QR code',
    description:
      'The enrolment stays pending, and logins unchanged, until POST /mfa/totp/confirm. Starting again before ' +
      'confirming replaces the secret. Errors: 401 INVALID_CREDENTIALS, 409 MFA_ALREADY_ENABLED, 429 RATE_LIMITED. ' +
      LIMITS,
  })
  @ApiOkResponse({ type: TotpEnrolmentResponse })
  @ApiProblems(400, 401, 409, 429)
  start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PasswordConfirmationRequest,
  ): Promise<TotpEnrolmentResponse> {
    return this.enrol.execute({ userId: principal.userId, password: body.password });
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enable TOTP with a current code; returns 10 recovery codes, shown this once',
    description:
      'Every other session of the user is revoked. Errors: 400 INVALID_MFA_CODE, 409 MFA_NOT_PENDING (no ' +
      'enrolment started), 409 MFA_ALREADY_ENABLED, 429 RATE_LIMITED. ' +
      LIMITS,
  })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiProblems(400, 401, 409, 429)
  confirmTotp(@CurrentPrincipal() principal: Principal, @Body() body: MfaCodeRequest): Promise<RecoveryCodesResponse> {
    return this.confirm.execute({ userId: principal.userId, currentSessionId: principal.sessionId, code: body.code });
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Disable TOTP (password and a code, or a recovery code); the recovery codes are deleted',
    description:
      'Errors: 401 INVALID_CREDENTIALS, 401 INVALID_MFA_CODE, 409 MFA_NOT_ENABLED, 429 RATE_LIMITED. ' + LIMITS,
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 409, 429)
  async disableTotp(@CurrentPrincipal() principal: Principal, @Body() body: PasswordAndCodeRequest): Promise<void> {
    await this.disable.execute({ userId: principal.userId, password: body.password, code: body.code });
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the recovery codes (password and a code); the old ones stop working',
    description:
      'Errors: 401 INVALID_CREDENTIALS, 401 INVALID_MFA_CODE, 409 MFA_NOT_ENABLED, 429 RATE_LIMITED. ' + LIMITS,
  })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiProblems(400, 401, 409, 429)
  recoveryCodes(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PasswordAndCodeRequest,
  ): Promise<RecoveryCodesResponse> {
    return this.regenerate.execute({ userId: principal.userId, password: body.password, code: body.code });
  }
}
