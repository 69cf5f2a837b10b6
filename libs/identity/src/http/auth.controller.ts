import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiProblems, CurrentClient, CurrentPrincipal, ExactJsonContentType, Public, RateLimit } from '@keyward/core';
import { ClientInfo, Principal } from '@keyward/kernel';
import { CompleteMfaLoginInteractor } from '../interactors/commands/complete-mfa-login/complete-mfa-login.interactor';
import { LoginInteractor } from '../interactors/commands/login/login.interactor';
import { LogoutInteractor } from '../interactors/commands/logout/logout.interactor';
import { RefreshSessionInteractor } from '../interactors/commands/refresh-session/refresh-session.interactor';
import { RegisterUserInteractor } from '../interactors/commands/register-user/register-user.interactor';
import { MfaPending } from '../interactors/shared/mfa-challenges';
import { IssuedSession } from '../interactors/shared/session-issuer';
import {
  LoginRequest,
  LoginResponse,
  RefreshRequest,
  RegisteredUserResponse,
  RegisterRequest,
  SignFileTokenRequest,
  SignFileTokenResponse,
} from './dto/auth.dto';
import { MfaLoginRequest, MfaRequiredResponse } from './dto/mfa.dto';
import { AllowedBeforeMfaEnrolment } from './guards/mfa-enrolment.guard';

const LOGIN_LIMITS =
  'Only failures count towards the login limits: RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT per client IP and email, ' +
  'and RATE_LIMIT_LOGIN_FAILURES_PER_IP per client IP, in a window of RATE_LIMIT_LOGIN_FAILURE_WINDOW_SECONDS. ' +
  'Past either, that key answers 429 RATE_LIMITED with Retry-After, even for the right password, until the ' +
  'window ends; successful logins never count.';

@ApiTags('authentication')
@ApiExtraModels(LoginResponse, MfaRequiredResponse)
@Controller()
export class AuthController {
  constructor(
    private readonly register: RegisterUserInteractor,
    private readonly login: LoginInteractor,
    private readonly refresh: RefreshSessionInteractor,
    private readonly logout: LogoutInteractor,
    private readonly completeMfa: CompleteMfaLoginInteractor,
  ) {}

  @Public()
  @RateLimit('register')
  @Post('register')
  @ApiOperation({
    summary: 'Create an account (unless REGISTRATION=closed)',
    description: 'At most RATE_LIMIT_REGISTER_PER_HOUR accounts per client IP and hour; more is 429 RATE_LIMITED.',
  })
  @ApiCreatedResponse({ type: RegisteredUserResponse })
  @ApiProblems(400, 403, 409, 429)
  async registerUser(@Body() body: RegisterRequest): Promise<RegisteredUserResponse> {
    const user = await this.register.execute(body);
    return { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password; starts a session',
    description:
      'When the account has TOTP enabled, the answer holds no tokens but `{mfaRequired: true, mfaToken, ' +
      'methods}`: complete the login with POST /login/mfa within 5 minutes. ' +
      LOGIN_LIMITS,
  })
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(LoginResponse) }, { $ref: getSchemaPath(MfaRequiredResponse) }] },
  })
  @ApiProblems(400, 401, 429)
  async logIn(
    @Body() body: LoginRequest,
    @CurrentClient() client: ClientInfo,
  ): Promise<LoginResponse | MfaRequiredResponse> {
    const outcome = await this.login.execute({ ...body, client });
    return 'mfaRequired' in outcome ? toMfaRequiredResponse(outcome) : toLoginResponse(outcome);
  }

  @Public()
  @Post('login/mfa')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a login with its second factor: a TOTP code or a recovery code',
    description:
      'Send the mfaToken of the login answer and either `code` (TOTP, accepted one 30-second step early or late, ' +
      'each step once) or `recoveryCode` (each once). A wrong code leaves the mfaToken usable; the right one ' +
      'uses it up. Errors: 401 INVALID_MFA_CODE, 401 MFA_TOKEN_EXPIRED (unknown, used or expired token), 400 ' +
      'VALIDATION_FAILED (neither or both codes), 429 RATE_LIMITED past RATE_LIMIT_MFA_FAILURES_PER_ACCOUNT wrong ' +
      'codes in RATE_LIMIT_MFA_FAILURE_WINDOW_SECONDS.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(400, 401, 429)
  async logInWithSecondFactor(
    @Body() body: MfaLoginRequest,
    @CurrentClient() client: ClientInfo,
  ): Promise<LoginResponse> {
    return toLoginResponse(await this.completeMfa.execute({ ...body, client }));
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @ExactJsonContentType()
  @ApiOperation({
    summary: 'Log in, sign-file style: same session semantics as /login, response {token, user_id, exp}',
    description:
      'Kept for clients of the original sign-file service: the token lives SIGNFILE_TOKEN_TTL seconds (1800 ' +
      'by default, as there), unknown JSON fields are ignored, and the answer is `Content-Type: ' +
      'application/json` exactly. An account with TOTP enabled answers 403 MFA_REQUIRED (machine clients use ' +
      'API keys). ' +
      LOGIN_LIMITS,
  })
  @ApiOkResponse({ type: SignFileTokenResponse })
  @ApiProblems(400, 401, 403, 429)
  async token(@Body() body: SignFileTokenRequest, @CurrentClient() client: ClientInfo): Promise<SignFileTokenResponse> {
    const issued = await this.login.execute({
      email: body.email,
      password: body.password,
      client,
      lifetime: 'sign-file',
    });
    // The interactor refuses MFA accounts on this route (MFA_REQUIRED); a pending login never reaches here.
    if ('mfaRequired' in issued) throw new Error('/token got a pending MFA login');
    return {
      token: issued.accessToken,
      user_id: issued.user.id,
      exp: Math.floor(issued.accessTokenExpiresAt.getTime() / 1000),
    };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens; the refresh token is rotated' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(400, 401)
  async refreshSession(@Body() body: RefreshRequest): Promise<LoginResponse> {
    return toLoginResponse(await this.refresh.execute(body));
  }

  @AllowedBeforeMfaEnrolment()
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'Revoke the current session; its access token stops working at once' })
  @ApiNoContentResponse()
  @ApiProblems(401)
  async logOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.logout.execute({ principal, everywhere: false });
  }

  @AllowedBeforeMfaEnrolment()
  @Post('logout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'Revoke every session of the caller' })
  @ApiNoContentResponse()
  @ApiProblems(401)
  async logOutEverywhere(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.logout.execute({ principal, everywhere: true });
  }
}

function toLoginResponse(issued: IssuedSession): LoginResponse {
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    tokenType: issued.tokenType,
    expiresIn: issued.expiresIn,
    sessionId: issued.sessionId,
    user: issued.user,
  };
}

function toMfaRequiredResponse(pending: MfaPending): MfaRequiredResponse {
  return { mfaRequired: true, mfaToken: pending.mfaToken, methods: [...pending.methods] };
}
