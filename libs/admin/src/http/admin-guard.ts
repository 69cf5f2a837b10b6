import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from '@keyward/core';
import { AppError, ForbiddenError, PermissionResolver } from '@keyward/kernel';
import { AdminSessions } from './admin-sessions';

const ADMIN_PERMISSIONS = 'keyward:admin-permissions';
const ADMIN_SIGNED_OUT = 'keyward:admin-signed-out';

/** Every panel page needs this; each page adds the permission its API route needs (`@AdminRequires`). */
export const PANEL_PERMISSION = 'admin:access';

/** The permissions a page needs besides `admin:access`: the same as the API route it mirrors. */
export const AdminRequires = (...permissions: string[]) => SetMetadata(ADMIN_PERMISSIONS, permissions);

/** The sign-in form: reachable signed out (its POST still needs the form's CSRF token). */
export const AdminSignedOut = () => SetMetadata(ADMIN_SIGNED_OUT, true);

/** No session, or one that has ended: the filter sends the browser to the sign-in form. */
export class AdminSignInRequired extends AppError {
  constructor() {
    super('UNAUTHENTICATED', 'Sign in to the admin panel', 'unauthenticated');
  }
}

/** A form posted without the token its page carried (or with a forged one). */
export class CsrfTokenInvalid extends AppError {
  constructor() {
    super(
      'CSRF_TOKEN_INVALID',
      'This form was not sent from the admin panel, or it has expired. Reload the page and try again.',
      'forbidden',
    );
  }
}

/**
 * The panel's own authentication, on its controllers (they are `@Public()` to the API's bearer guard, which
 * runs first and knows nothing of cookies): the session cookie names a live session, every POST carries a valid
 * CSRF token, and the user holds `admin:access` and the page's permissions. The sign-in form needs only the token.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: AdminSessions,
    private readonly permissions: PermissionResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_SIGNED_OUT, targets)) {
      if (request.method === 'POST') await checkCsrf(request);
      return true;
    }
    const principal = await this.sessions.principalOf(request, reply);
    if (!principal) throw new AdminSignInRequired();
    request.principal = principal;
    if (request.method === 'POST') await checkCsrf(request);
    const required = [
      PANEL_PERMISSION,
      ...(this.reflector.getAllAndOverride<string[]>(ADMIN_PERMISSIONS, targets) ?? []),
    ];
    const held = await this.permissions.permissionsOf(principal.userId);
    const missing = required.filter((permission) => !held.has(permission));
    if (missing.length) throw new ForbiddenError(`Missing permission: ${missing.join(', ')}`);
    return true;
  }
}

/**
 * @fastify/csrf-protection's check, with its refusal turned into an exception so that the panel's filter renders
 * it as a page (the plugin's hook would answer with Fastify's own error instead). With the secret in a cookie it
 * reads only the request; the reply it is given only hears the refusal.
 */
async function checkCsrf(request: FastifyRequest): Promise<void> {
  const fastify = request.server as FastifyInstance & {
    csrfProtection: (request: FastifyRequest, reply: unknown, next: () => void) => void;
  };
  const passed = await new Promise<boolean>((resolve) => {
    fastify.csrfProtection(request, { send: () => resolve(false) }, () => resolve(true));
  });
  if (!passed) throw new CsrfTokenInvalid();
  // The token has been checked; the form's own fields are what the page's DTO validates.
  delete (request.body as Record<string, unknown> | undefined)?._csrf;
}
