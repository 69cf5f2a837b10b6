import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentClient, CurrentPrincipal, PageOf, PageQuery, Public, UuidParam } from '@keyward/core';
import { ClientInfo, Page, Principal } from '@keyward/kernel';
import { PasskeyView } from '../domain/passkey';
import { WebAuthnJson } from '../domain/passkey-ports';
import { BeginPasskeyLoginInteractor } from '../interactors/commands/begin-passkey-login/begin-passkey-login.interactor';
import { BeginPasskeyRegistrationInteractor } from '../interactors/commands/begin-passkey-registration/begin-passkey-registration.interactor';
import { DeletePasskeyInteractor } from '../interactors/commands/delete-passkey/delete-passkey.interactor';
import { PasskeyLoginInteractor } from '../interactors/commands/passkey-login/passkey-login.interactor';
import { RegisterPasskeyInteractor } from '../interactors/commands/register-passkey/register-passkey.interactor';
import { ListPasskeysInteractor } from '../interactors/queries/list-passkeys/list-passkeys.interactor';
import { LoginResponse } from './dto/auth.dto';
import {
  PasskeyCreationOptionsResponse,
  PasskeyLoginOptionsRequest,
  PasskeyLoginRequest,
  PasskeyRequestOptionsResponse,
  PasskeyResponse,
  RegisterPasskeyRequest,
} from './dto/passkey.dto';
import { AllowedBeforeMfaEnrolment } from './guards/mfa-enrolment.guard';

const CEREMONY =
  'Challenges are single-use and expire after 5 minutes; the browser must run on PUBLIC_URL (its origin is ' +
  'checked) and the relying party is WEBAUTHN_RP_ID. User verification (PIN or biometric) is required.';

@ApiTags('passkeys')
// Registering a passkey is how a member of MFA_REQUIRED_ROLES may enrol, so these routes stay open before it.
@AllowedBeforeMfaEnrolment()
@Controller('passkeys')
export class PasskeysController {
  constructor(
    private readonly beginRegistration: BeginPasskeyRegistrationInteractor,
    private readonly registerPasskey: RegisterPasskeyInteractor,
    private readonly listPasskeys: ListPasskeysInteractor,
    private readonly deletePasskey: DeletePasskeyInteractor,
    private readonly beginLogin: BeginPasskeyLoginInteractor,
    private readonly passkeyLogin: PasskeyLoginInteractor,
  ) {}

  @Post('registration/options')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'WebAuthn creation options for a new passkey of the caller (navigator.credentials.create)',
    description: CEREMONY,
  })
  @ApiOkResponse({ type: PasskeyCreationOptionsResponse })
  @ApiProblems(401)
  registrationOptions(@CurrentPrincipal() principal: Principal): Promise<WebAuthnJson> {
    return this.beginRegistration.execute({ userId: principal.userId });
  }

  @Post()
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: "Register a passkey from the browser's registration response",
    description: `${CEREMONY} Any failure (unknown, used or expired challenge, wrong origin, bad signature, a passkey already registered) is 400 PASSKEY_VERIFICATION_FAILED.`,
  })
  @ApiCreatedResponse({ type: PasskeyResponse })
  @ApiProblems(400, 401)
  register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterPasskeyRequest): Promise<PasskeyView> {
    return this.registerPasskey.execute({
      userId: principal.userId,
      name: body.name,
      response: body.response as unknown as WebAuthnJson,
    });
  }

  @Get()
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: "The caller's passkeys" })
  @ApiOkResponse({ type: PageOf(PasskeyResponse) })
  @ApiProblems(400, 401)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<PasskeyView>> {
    return this.listPasskeys.execute({ userId: principal.userId, page });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'Delete one of the caller’s passkeys; it cannot log in any more' })
  @ApiNoContentResponse()
  @ApiProblems(401, 404)
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Passkey') id: string): Promise<void> {
    await this.deletePasskey.execute({ userId: principal.userId, id });
  }

  @Public()
  @Post('authentication/options')
  @HttpCode(200)
  @ApiOperation({
    summary: 'WebAuthn request options for a passkey login (navigator.credentials.get), with their challengeId',
    description:
      `${CEREMONY} Without email, allowCredentials is empty and the browser offers the passkeys it holds for this ` +
      "site. With email, it lists that account's passkeys; an unknown email answers exactly like an account " +
      'without passkeys (an empty list, and a challenge no passkey can answer).',
  })
  @ApiOkResponse({ type: PasskeyRequestOptionsResponse })
  @ApiProblems(400)
  loginOptions(@Body() body: PasskeyLoginOptionsRequest): Promise<WebAuthnJson> {
    return this.beginLogin.execute({ email: body.email });
  }

  @Public()
  @Post('authentication')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with a passkey; starts a session that satisfies MFA',
    description: `${CEREMONY} Unknown, used or expired challenge, unknown or deleted passkey, a passkey of another account than the one asked for, a bad signature, a counter that went back and a disabled account are all 401 INVALID_CREDENTIALS.`,
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(400, 401)
  async logIn(@Body() body: PasskeyLoginRequest, @CurrentClient() client: ClientInfo): Promise<LoginResponse> {
    const issued = await this.passkeyLogin.execute({
      challengeId: body.challengeId,
      response: body.response as unknown as WebAuthnJson,
      client,
    });
    return {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      tokenType: issued.tokenType,
      expiresIn: issued.expiresIn,
      sessionId: issued.sessionId,
      user: issued.user,
    };
  }
}
