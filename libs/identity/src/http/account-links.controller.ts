import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentClient, CurrentPrincipal, Public } from '@keyward/core';
import { ClientInfo, Principal } from '@keyward/kernel';
import { RequestPasswordResetInteractor } from '../interactors/commands/request-password-reset/request-password-reset.interactor';
import { ResetPasswordInteractor } from '../interactors/commands/reset-password/reset-password.interactor';
import { SendEmailVerificationInteractor } from '../interactors/commands/send-email-verification/send-email-verification.interactor';
import { VerifyEmailInteractor } from '../interactors/commands/verify-email/verify-email.interactor';
import { ACCOUNT_LINKS_SCRIPT, resetPasswordPage, verifyEmailPage } from './account-link-pages';
import {
  ForgotPasswordRequest,
  LinkPageQuery,
  ResetPasswordRequest,
  VerifyEmailRequest,
} from './dto/account-links.dto';

const HTML = 'text/html; charset=utf-8';
const htmlPage = { content: { 'text/html': { schema: { type: 'string' } } } } as const;
const TOKEN_RULES =
  'Links are `{PUBLIC_URL}{ROOT_PATH}/...?token=<token>`; a token carries 256 random bits, is stored hashed, works ' +
  'once, and is replaced by the next one of its kind. Unknown, used and expired tokens answer 400 INVALID_TOKEN alike.';

/** Email verification and password reset: the JSON routes, and the pages the mailed links open. */
@ApiTags('account links')
@Controller()
export class AccountLinksController {
  constructor(
    private readonly sendVerification: SendEmailVerificationInteractor,
    private readonly verifyEmail: VerifyEmailInteractor,
    private readonly requestReset: RequestPasswordResetInteractor,
    private readonly resetPassword: ResetPasswordInteractor,
  ) {}

  @Post('email/verification')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'Mail the caller a link that verifies their email address (valid EMAIL_VERIFICATION_TOKEN_TTL, 24 h)',
    description: TOKEN_RULES,
  })
  @ApiAcceptedResponse({ description: 'The mail was handed to the mail server (or written to the outbox)' })
  @ApiProblems(401, 409)
  async requestVerification(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.sendVerification.execute({ userId: principal.userId });
  }

  @Public()
  @Post('email/verify')
  @HttpCode(204)
  @ApiOperation({ summary: 'Verify the email address with the token of a verification link', description: TOKEN_RULES })
  @ApiNoContentResponse({ description: 'emailVerified is now true' })
  @ApiProblems(400)
  async verify(@Body() body: VerifyEmailRequest): Promise<void> {
    await this.verifyEmail.execute(body);
  }

  @Public()
  @Get('email/verify')
  @Header('content-type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'The page a verification link opens: a confirm button that posts to POST /email/verify',
    description: 'Changes nothing by itself, so a link scanner or mail preview cannot use the token up.',
  })
  @ApiOkResponse(htmlPage)
  @ApiProblems(400)
  verifyPage(@Query() query: LinkPageQuery): string {
    return verifyEmailPage(query.token ?? '');
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password reset link; the answer is the same whether the email has an account or not',
    description:
      'Always 202 with an empty body, answered before the account is even looked up, so neither body nor timing ' +
      'tells whether the email is known. A known, active account is mailed a link valid PASSWORD_RESET_TOKEN_TTL ' +
      '(1 h), at most RATE_LIMIT_PASSWORD_FORGOT_PER_ACCOUNT per hour. More than RATE_LIMIT_PASSWORD_FORGOT_PER_IP ' +
      'requests per client IP and hour answer 429 RATE_LIMITED.',
  })
  @ApiAcceptedResponse({ description: 'Accepted; a known, active account gets a reset link' })
  @ApiProblems(400, 429)
  async forgot(@Body() body: ForgotPasswordRequest, @CurrentClient() client: ClientInfo): Promise<void> {
    await this.requestReset.execute({ email: body.email, ip: client.ip });
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the token of a reset link; every session of the account is revoked',
    description: `${TOKEN_RULES} A weak password (400 WEAK_PASSWORD) leaves the token usable.`,
  })
  @ApiNoContentResponse()
  @ApiProblems(400)
  async reset(@Body() body: ResetPasswordRequest): Promise<void> {
    await this.resetPassword.execute(body);
  }

  @Public()
  @Get('password/reset')
  @Header('content-type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'The page a reset link opens: a new-password form that posts to POST /password/reset',
    description: 'Changes nothing by itself, so a link scanner or mail preview cannot use the token up.',
  })
  @ApiOkResponse(htmlPage)
  @ApiProblems(400)
  resetPage(@Query() query: LinkPageQuery): string {
    return resetPasswordPage(query.token ?? '');
  }

  @Public()
  @Get('account-links.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @ApiProduces('text/javascript')
  @ApiOperation({ summary: 'The script of the link pages: sends their form as JSON (no inline script under the CSP)' })
  @ApiOkResponse({ content: { 'text/javascript': { schema: { type: 'string' } } } })
  script(): string {
    return ACCOUNT_LINKS_SCRIPT;
  }
}
