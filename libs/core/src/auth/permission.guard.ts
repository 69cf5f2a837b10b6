import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, PermissionResolver, withinScope } from '@keyward/kernel';
import { AuthenticatedRequest, REQUIRED_PERMISSIONS } from './principal';

/** Enforces `@RequirePermission(...)`; runs after authentication. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PermissionResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new ForbiddenError();
    // The resolver narrows a scoped key's caller already; narrowing here too keeps the route check independent of
    // the request context it reads that from.
    const held = new Set(withinScope(await this.resolver.permissionsOf(principal.userId), principal.scope));
    const missing = required.filter((permission) => !held.has(permission));
    if (missing.length) throw new ForbiddenError(`Missing permission: ${missing.join(', ')}`);
    return true;
  }
}
