import { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { JwtPayload } from 'jsonwebtoken';
import { Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AuthenticatedRequest } from '@keyward/core';
import { Principal } from '@keyward/kernel';
import { JwtAccessTokens } from '../../adapters/jwt-access-tokens';
import { AuthenticateInteractor } from '../../interactors/commands/authenticate/authenticate.interactor';
import { bearerTokenOf } from './credentials';
import { unregisteredPassport } from './unregistered-passport';

export const BEARER_STRATEGY = 'keyward-bearer';

/**
 * `Authorization: Bearer <access token>`: passport-jwt verifies the signature with the key the token's kid names
 * (and only the configured algorithm, issuer and audience), then the session must still live.
 */
@Injectable()
export class BearerTokenStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(
    private readonly tokens: JwtAccessTokens,
    private readonly credentials: AuthenticateInteractor,
  ) {
    super({
      jwtFromRequest: (request: AuthenticatedRequest) => bearerTokenOf(request),
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: unknown, key?: KeyObject) => void) => {
        tokens.keyFor(rawToken).then(
          (key) => (key ? done(null, key) : done(new Error('no key verifies this token'))),
          (error: unknown) => done(error),
        );
      },
      ...tokens.verifyOptions(),
    } as StrategyOptionsWithoutRequest);
  }

  /** null (refused) unless the claims are complete and the session lives; a store failure throws (503). */
  async validate(payload: JwtPayload): Promise<Principal | null> {
    const claims = this.tokens.claimsOf(payload);
    return claims ? this.credentials.bySession(claims) : null;
  }

  getPassportInstance() {
    return unregisteredPassport();
  }
}
