import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Actor, ClientInfo, Principal, userActor } from '@keyward/kernel';

export const IS_PUBLIC = 'keyward:public';
export const REQUIRED_PERMISSIONS = 'keyward:permissions';
export const OPTIONAL_AUTH = 'keyward:optional-auth';

/** Opts a route out of authentication; every other route requires it. Bad credentials are ignored here. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Anonymous callers are welcome, but credentials that are sent must be valid: the route behaves differently
 * for an authenticated caller, who must not be silently treated as anonymous because a token expired.
 */
export const OptionalAuth = () => applyDecorators(SetMetadata(IS_PUBLIC, true), SetMetadata(OPTIONAL_AUTH, true));

/** The caller must hold every listed permission (`<area>:<action>`); the OpenAPI document lists them too. */
export const RequirePermission = (...permissions: string[]) =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSIONS, permissions), ApiExtension('x-required-permissions', permissions));

export interface AuthenticatedRequest {
  principal?: Principal;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

function requirePrincipal(ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
}

/** Injects the authenticated principal into a handler parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal =>
  requirePrincipal(ctx),
);

/** Injects the authenticated caller as the actor that the grant rule holds to what it holds (see GrantGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  userActor(requirePrincipal(ctx).userId),
);

/** The principal on a route that also serves anonymous callers (`@Public()`), or null. */
export const OptionalPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | null =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? null,
);

export const CurrentClient = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientInfo => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
});
