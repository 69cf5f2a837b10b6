import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ForbiddenError, PermissionResolver, UnauthenticatedError, withinScope } from '@keyward/kernel';
import { AuthenticatedRequest } from '../auth/principal';
import { MonitoringConfig } from '../config/platform-config';

export const METRICS_PERMISSION = 'metrics:read';

/**
 * Lets through a caller holding `metrics:read`, or a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`.
 * The route is public to the global authentication guard, which ignores a bearer that is no access token, so the
 * metrics token reaches this check; a valid access token has become the request's principal by then.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(
    private readonly resolver: PermissionResolver,
    private readonly config: MonitoringConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.principal) {
      const { userId, scope } = request.principal;
      if (withinScope(await this.resolver.permissionsOf(userId), scope).includes(METRICS_PERMISSION)) return true;
      throw new ForbiddenError(`Missing permission: ${METRICS_PERMISSION}`);
    }
    const bearer = bearerOf(request.headers.authorization);
    if (bearer !== null && this.config.metricsToken !== null && sameSecret(bearer, this.config.metricsToken)) {
      return true;
    }
    const sentSome = bearer !== null || request.headers['x-api-key'] !== undefined;
    throw new UnauthenticatedError(sentSome ? 'Invalid or expired credentials' : undefined);
  }
}

function bearerOf(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
}

/** Compares digests of equal length, so neither the content nor the length of the token leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
