import { Body, Controller, Delete, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiProblems,
  CurrentPrincipal,
  OptionalAuth,
  OptionalPrincipal,
  PageOf,
  PageQuery,
  Public,
  RateLimit,
  UuidParam,
} from '@keyward/core';
import { Page, Principal, UnauthenticatedError } from '@keyward/kernel';
import { BurnSecretInteractor } from '../interactors/commands/burn-secret/burn-secret.interactor';
import { CreateSecretInteractor } from '../interactors/commands/create-secret/create-secret.interactor';
import { RevealSecretInteractor } from '../interactors/commands/reveal-secret/reveal-secret.interactor';
import { GetSecretMetadataInteractor } from '../interactors/queries/get-secret-metadata/get-secret-metadata.interactor';
import { ListReceiptsInteractor, ReceiptView } from '../interactors/queries/list-receipts/list-receipts.interactor';
import {
  CreatedSecretResponse,
  CreateSecretRequest,
  ReceiptResponse,
  RevealedSecretResponse,
  RevealSecretRequest,
  SecretMetadataResponse,
  TtlParts,
} from './dto/secrets.dto';
import { SecretsConfig } from '../secrets.config';
import { SecretKeyParam } from './secret-key.param';

/** Time spent in the passphrase KDF, for clients and benchmarks (W3C Server-Timing). */
function serverTiming(reply: FastifyReply, kdfMs: number): void {
  void reply.header('server-timing', `kdf;dur=${kdfMs.toFixed(1)}`);
}

@ApiTags('one-time secrets')
@ApiExtraModels(TtlParts)
@Controller('secrets')
export class SecretsController {
  constructor(
    private readonly config: SecretsConfig,
    private readonly createSecret: CreateSecretInteractor,
    private readonly revealSecret: RevealSecretInteractor,
    private readonly getMetadata: GetSecretMetadataInteractor,
    private readonly listReceipts: ListReceiptsInteractor,
    private readonly burnSecret: BurnSecretInteractor,
  ) {}

  @OptionalAuth()
  @RateLimit('secretsCreate')
  @Post()
  @Header('cache-control', 'no-store')
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'Seal a secret behind a passphrase; returns the one-time key',
    description: 'Anonymous unless SECRETS_ANONYMOUS=false. An authenticated creator gets receipts.',
  })
  @ApiCreatedResponse({ type: CreatedSecretResponse })
  @ApiProblems(400, 401, 413, 429)
  async create(
    @Body() body: CreateSecretRequest,
    @OptionalPrincipal() principal: Principal | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedSecretResponse> {
    if (!principal && !this.config.anonymous)
      throw new UnauthenticatedError('Creating secrets requires authentication here');
    const created = await this.createSecret.execute({ ...body, creatorId: principal?.userId ?? null });
    serverTiming(reply, created.kdfMs);
    return { id: created.id, secretKey: created.secretKey, expiresAt: created.expiresAt.toISOString() };
  }

  @Get()
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'Receipts of the secrets the caller created (states and times, never content)' })
  @ApiOkResponse({ type: PageOf(ReceiptResponse) })
  @ApiProblems(400, 401)
  receipts(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<ReceiptView>> {
    return this.listReceipts.execute({ creatorId: principal.userId, page });
  }

  @Public()
  @Get(':secretKey')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Whether the secret exists and when it expires; never consumes it' })
  @ApiOkResponse({ type: SecretMetadataResponse })
  @ApiProblems(404)
  metadata(@SecretKeyParam() secretKey: string): Promise<SecretMetadataResponse> {
    return this.getMetadata.execute({ secretKey });
  }

  @Public()
  @RateLimit('secretsReveal')
  @Post(':secretKey')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Reveal the secret with its passphrase; it is destroyed at once',
    description:
      'WRONG_PASSPHRASE (403) carries attemptsLeft; the fifth wrong passphrase destroys the secret. Every ' +
      'passphrase takes one of the five attempts before it is tried, so no more than five are ever tried, ' +
      'however many requests race; one that finds no attempt left is answered 404 SECRET_NOT_FOUND.',
  })
  @ApiOkResponse({ type: RevealedSecretResponse })
  @ApiProblems(400, 403, 404, 429)
  async reveal(
    @SecretKeyParam() secretKey: string,
    @Body() body: RevealSecretRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RevealedSecretResponse> {
    const revealed = await this.revealSecret.execute({ secretKey, passphrase: body.passphrase });
    serverTiming(reply, revealed.kdfMs);
    return { secret: revealed.secret };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'Burn a secret the caller created; its receipt stays' })
  @ApiNoContentResponse()
  @ApiProblems(401, 404)
  async burn(@CurrentPrincipal() principal: Principal, @UuidParam('id', 'Secret') id: string): Promise<void> {
    await this.burnSecret.execute({ creatorId: principal.userId, id });
  }
}
