import { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { JwtPayload } from 'jsonwebtoken';
import { Strategy, StrategyOptionsWithRequest } from 'passport-jwt';
import { AuthenticatedRequest } from '@keyward/core';
import { Principal } from '@keyward/kernel';
import { JwtAccessTokens } from '../../adapters/jwt-access-tokens';
import { VerifiedTokens } from '../../adapters/verified-tokens';
import { AuthenticateInteractor } from '../../interactors/commands/authenticate/authenticate.interactor';
import { bearerTokenOf } from './credentials';
import { unregisteredPassport } from './unregistered-passport';

export const BEARER_STRATEGY = 'keyward-bearer';

/**
 * `Authorization: Bearer <access token>`: passport-jwt verifies the signature with the key the token's kid names
 * (and only the configured algorithm, issuer and audience), then the session must still live. A token verified
 * before in this process skips the signature check while a key for it is still published (VerifiedTokens).
 */
@Injectable()
export class BearerTokenStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  private readonly verified = new VerifiedTokens();

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
      passReqToCallback: true,
      ...tokens.verifyOptions(),
    } as StrategyOptionsWithRequest);
  }

  /** passport-jwt's, unless the token was verified before (passport adds success, fail and error to `this`). */
  override authenticate(...[request, options]: Parameters<Strategy['authenticate']>): void {
    const token = bearerTokenOf(request as unknown as AuthenticatedRequest);
    const payload = token ? this.verified.get(token) : undefined;
    if (!token || !payload) return super.authenticate(request, options);
    // A session store that is down rejects here: passport's error() makes it the 503 it is, never a hang.
    this.tokens
      .keyFor(token)
      .then(async (key) => {
        if (!key) return super.authenticate(request, options); // its key was retired: verify, and so refuse
        const principal = await this.principalOf(payload);
        return principal ? this.success(principal) : this.fail(401);
      })
      .catch((error: unknown) => this.error(error as Error));
  }

  /** null (refused) unless the claims are complete and the session lives; a store failure throws (503). */
  async validate(request: AuthenticatedRequest, payload: JwtPayload): Promise<Principal | null> {
    const token = bearerTokenOf(request);
    if (token) this.verified.remember(token, payload);
    return this.principalOf(payload);
  }

  getPassportInstance() {
    return unregisteredPassport();
  }

  private principalOf(payload: JwtPayload): Promise<Principal | null> {
    const claims = this.tokens.claimsOf(payload);
    return claims ? this.credentials.bySession(claims) : Promise.resolve(null);
  }
}
