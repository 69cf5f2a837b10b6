import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { asServiceUnavailable, AuthenticatedRequest, IS_PUBLIC, OPTIONAL_AUTH } from '@keyward/core';
import { Principal, UnauthenticatedError } from '@keyward/kernel';
import { AuthenticateInteractor, Credentials } from '../../interactors/commands/authenticate/authenticate.interactor';

/** Global guard: every route needs credentials unless marked `@Public()`. */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateInteractor,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const credentials = credentialsOf(request);
    if (!credentials) {
      if (isPublic) return true;
      throw new UnauthenticatedError();
    }
    // A public route works with bad credentials as if none were sent (clients send expired tokens to /refresh),
    // unless it serves authenticated callers differently.
    const strict =
      !isPublic || this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, [context.getHandler(), context.getClass()]);
    const principal = await this.principalOf(credentials, strict);
    if (!principal && strict) throw new UnauthenticatedError('Invalid or expired credentials');
    if (principal) request.principal = principal;
    return true;
  }

  /**
   * Fails closed: when the session store or database cannot check the credentials, a route that needs them
   * answers 503. A public route that ignores bad credentials (liveness, /ping) ignores uncheckable ones too.
   */
  private async principalOf(credentials: Credentials, strict: boolean): Promise<Principal | null> {
    try {
      return await this.authenticate.execute(credentials);
    } catch (error) {
      if (strict || !asServiceUnavailable(error)) throw error;
      return null;
    }
  }
}

/** The bearer token or API key a request carries, if any (also read by the API's documentation gate). */
export function credentialsOf(request: Pick<AuthenticatedRequest, 'headers'>): Credentials | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return { kind: 'bearer', token: match[1] };
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0 && apiKey.length <= 256) return { kind: 'apiKey', key: apiKey };
  return null;
}
