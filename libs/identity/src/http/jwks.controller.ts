import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@keyward/core';
import { TokenKeyRing } from '../adapters/token-keys/token-key-ring';
import { JwksResponse, PublicJwkResponse } from './dto/jwks.dto';

@ApiTags('authentication')
@Controller()
export class JwksController {
  constructor(private readonly keys: TokenKeyRing) {}

  @Public()
  @Get('.well-known/jwks.json')
  // Public keys only: caches may keep them a while; verifiers refetch when a token names an unknown kid.
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({
    summary: 'The public keys that verify access tokens (JWKS)',
    description:
      'The current ES256/RS256 key and every rotated-out key whose tokens may not have expired yet ' +
      '(`keys:rotate`). Other services verify access tokens offline with it, picking the key by the `kid` header. ' +
      'Empty with JWT_ALGORITHM=HS256, whose tokens only Keyward can verify.',
  })
  @ApiOkResponse({ type: JwksResponse })
  jwks(): JwksResponse {
    return { keys: this.keys.publicJwks() as unknown as PublicJwkResponse[] };
  }
}
