import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, PageOf, PageQuery, Public } from '@keyward/core';
import { Page, Principal } from '@keyward/kernel';
import { ExportPublicKeyInteractor } from '../interactors/queries/export-public-key/export-public-key.interactor';
import {
  ListSigningKeysInteractor,
  SigningKeyView,
} from '../interactors/queries/list-signing-keys/list-signing-keys.interactor';
import { SigningKeyResponse } from './dto/signing.dto';
import { SigningProblems } from './signing-problems';

@ApiTags('signing')
@Controller('signing-keys')
export class SigningKeysController {
  constructor(
    private readonly listKeys: ListSigningKeysInteractor,
    private readonly exportPublicKey: ExportPublicKeyInteractor,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiOperation({ summary: 'The signing keys the caller may use (empty when signing is disabled)' })
  @ApiOkResponse({ type: PageOf(SigningKeyResponse) })
  @ApiProblems(400, 401)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<SigningKeyView>> {
    return this.listKeys.execute({ userId: principal.userId, page });
  }

  @Public()
  @Get(':keyid/public')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: 'The armored public key of a configured signing key',
    description: 'By short or long key id or fingerprint, to check signatures with (gpg --import).',
  })
  @ApiOkResponse({
    content: {
      'text/plain; charset=utf-8': { schema: { type: 'string', example: '-----BEGIN PGP PUBLIC KEY BLOCK-----' } },
    },
  })
  @SigningProblems(404)
  publicKey(@Param('keyid') keyid: string): Promise<string> {
    return this.exportPublicKey.execute({ keyid });
  }
}
