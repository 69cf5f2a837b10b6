import { Controller, Header, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentClient, CurrentPrincipal, RequirePermission } from '@keyward/core';
import { ClientInfo, Principal } from '@keyward/kernel';
import { IncomingFile } from '../domain/uploads';
import { SignBatchInteractor } from '../interactors/commands/sign-batch/sign-batch.interactor';
import { SignFileCommand } from '../interactors/commands/sign-file/sign-file.command';
import { SignFileInteractor } from '../interactors/commands/sign-file/sign-file.interactor';
import { VerifySignatureInteractor } from '../interactors/queries/verify-signature/verify-signature.interactor';
import { batchJson } from './batch-json';
import { BatchResponse, SignQuery, VerificationResponse } from './dto/signing.dto';
import { ClientSignal, UploadedFiles } from './multipart';
import { ApiFiles, SigningProblems } from './signing-problems';

const TEXT = 'text/plain; charset=utf-8';
const ARMORED = '-----BEGIN PGP SIGNATURE-----\n\niQIzBAABCAAdFiEE...\n=x1Yz\n-----END PGP SIGNATURE-----\n';

function signCommand(
  query: SignQuery,
  principal: Principal,
  client: ClientInfo,
  files: AsyncIterable<IncomingFile>,
  signal: AbortSignal,
): SignFileCommand {
  const { keyid, sign_type: signType, sign_algo: digestAlgo } = query;
  return { actorId: principal.userId, ip: client.ip, keyid, signType, digestAlgo, files, signal };
}

/** The routes of the original sign-file service, under ROOT_PATH; its clients only change the base URL. */
@ApiTags('signing')
@Controller()
export class SigningController {
  constructor(
    private readonly signFile: SignFileInteractor,
    private readonly signBatch: SignBatchInteractor,
    private readonly verifySignature: VerifySignatureInteractor,
  ) {}

  @RequirePermission('signing:sign')
  @Post('sign')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'Sign one file: the armored detached signature, or the clear-signed document',
    description:
      'Needs signing:sign and access to the key. The file is streamed to disk, never held in memory, and ' +
      'removed (with gpg output) whatever happens. Unknown query parameters are ignored, as the original ' +
      'sign-file service did.',
  })
  @ApiFiles({ file: 'The file to sign (at most SIGNING_MAX_UPLOAD_BYTES)' }, ['file'])
  @ApiOkResponse({ description: 'text/plain', content: { [TEXT]: { schema: { type: 'string', example: ARMORED } } } })
  @SigningProblems(400, 401, 403, 404, 413, 502)
  async sign(
    @Query() query: SignQuery,
    @CurrentPrincipal() principal: Principal,
    @CurrentClient() client: ClientInfo,
    @UploadedFiles({ fields: ['file'], many: false }) files: AsyncIterable<IncomingFile>,
    @ClientSignal() signal: AbortSignal,
  ): Promise<StreamableFile> {
    const output = await this.signFile.execute(signCommand(query, principal, client, files, signal));
    return new StreamableFile(output.content, { type: TEXT, length: output.size });
  }

  @RequirePermission('signing:sign')
  @Post('sign-batch')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'Sign many files with one key, all or nothing',
    description:
      'Files are signed in parallel as they arrive. The first failure cancels the rest and is the answer: ' +
      'no signatures. At most SIGNING_BATCH_MAX_FILES files, each at most SIGNING_MAX_UPLOAD_BYTES. Unknown ' +
      'query parameters are ignored; the answer is `Content-Type: application/json` exactly.',
  })
  @ApiFiles({ files: 'The files to sign; repeat the field for each file' }, ['files'])
  @ApiOkResponse({ type: BatchResponse })
  @SigningProblems(400, 401, 403, 404, 413, 502)
  async batch(
    @Query() query: SignQuery,
    @CurrentPrincipal() principal: Principal,
    @CurrentClient() client: ClientInfo,
    @UploadedFiles({ fields: ['files'], many: true }) files: AsyncIterable<IncomingFile>,
    @ClientSignal() signal: AbortSignal,
  ): Promise<StreamableFile> {
    const batch = await this.signBatch.execute(signCommand(query, principal, client, files, signal));
    // Exactly this type: sign-file clients compare the header with it before they parse JSON.
    return new StreamableFile(batchJson(batch), { type: 'application/json' });
  }

  @Post('verify')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({
    summary: 'Check a detached signature over a file',
    description:
      'A bad signature, or one by a key this service does not know, is valid: false, not an error. ' +
      'When signing is not configured (SIGNING_KEY_IDS unset) the answer is 503 SIGNING_DISABLED, ' +
      'before the upload is read.',
  })
  @ApiFiles({ file: 'The signed file', signature: 'The detached signature (armored or binary)' }, ['file', 'signature'])
  @ApiOkResponse({ type: VerificationResponse })
  @SigningProblems(400, 401, 413, 502, 503)
  verify(
    @UploadedFiles({ fields: ['file', 'signature'], many: false }) files: AsyncIterable<IncomingFile>,
    @ClientSignal() signal: AbortSignal,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VerificationResponse> {
    return this.verifySignature.execute({ actorId: principal.userId, files, signal });
  }
}
