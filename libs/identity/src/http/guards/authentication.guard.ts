import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { asServiceUnavailable, AuthenticatedRequest, IS_PUBLIC, OPTIONAL_AUTH } from '@keyward/core';
import { Principal, UnauthenticatedError } from '@keyward/kernel';
import { API_KEY_STRATEGY, ApiKeyStrategy } from '../strategies/api-key.strategy';
import { BEARER_STRATEGY, BearerTokenStrategy } from '../strategies/bearer-token.strategy';
import { credentialsOf } from '../strategies/credentials';

export { credentialsOf } from '../strategies/credentials';

/**
 * Global guard: every route needs credentials unless marked `@Public()`. Credentials are checked by the passport
 * strategies (a bearer access token when one is sent, else X-Api-Key), held in this app's own Authenticator (see unregisteredPassport).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly passport = new passport.Authenticator();

  constructor(
    private readonly reflector: Reflector,
    bearer: BearerTokenStrategy,
    apiKey: ApiKeyStrategy,
  ) {
    this.passport.use(BEARER_STRATEGY, bearer);
    this.passport.use(API_KEY_STRATEGY, apiKey);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (!credentialsOf(request)) {
      if (isPublic) return true;
      throw new UnauthenticatedError();
    }
    // A public route works with bad credentials as if none were sent (clients send expired tokens to /refresh),
    // unless it serves authenticated callers differently.
    const strict =
      !isPublic || this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, [context.getHandler(), context.getClass()]);
    const strategy = credentialsOf(request)?.kind === 'bearer' ? BEARER_STRATEGY : API_KEY_STRATEGY;
    const principal = await this.principalOf(strategy, request, http.getResponse(), strict);
    if (!principal && strict) throw new UnauthenticatedError('Invalid or expired credentials');
    if (principal) request.principal = principal;
    return true;
  }

  /**
   * Fails closed: when the session store or database cannot check the credentials, a route that needs them
   * answers 503. A public route that ignores bad credentials (liveness, /ping) ignores uncheckable ones too.
   */
  private async principalOf(
    strategy: string,
    request: unknown,
    response: unknown,
    strict: boolean,
  ): Promise<Principal | null> {
    try {
      return await this.viaPassport(strategy, request, response);
    } catch (error) {
      if (strict || !asServiceUnavailable(error)) throw error;
      return null;
    }
  }

  /**
   * The principal of the strategy for the credential the request carries, or null when it is refused. A bearer
   * token, when present, decides alone: a refused token is not rescued by an X-Api-Key sent alongside it.
   */
  private viaPassport(strategy: string, request: unknown, response: unknown): Promise<Principal | null> {
    return new Promise((resolve, reject) => {
      const authenticate = this.passport.authenticate(
        strategy,
        { session: false },
        (error: unknown, principal: Principal | false | null) => (error ? reject(error) : resolve(principal || null)),
      ) as (request: unknown, response: unknown, next: (error?: unknown) => void) => void;
      authenticate(request, response, reject);
    });
  }
}
