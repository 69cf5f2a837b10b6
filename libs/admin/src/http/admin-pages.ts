import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedRequest, HttpConfig } from '@keyward/core';
import { adminRoot } from '../admin-root';
import { ADMIN_COOKIE_OPTIONS, FLASH_COOKIE } from './admin-cookies';

/** The menu, in the order the pages appear; `path` is under the panel's root. */
export const ADMIN_NAV = [
  { path: '', label: 'Dashboard' },
  { path: '/users', label: 'Users' },
  { path: '/roles', label: 'Roles' },
  { path: '/teams', label: 'Teams' },
  { path: '/visibility-groups', label: 'Groups' },
  { path: '/resources', label: 'Resources' },
  { path: '/sessions', label: 'Sessions' },
  { path: '/api-keys', label: 'API keys' },
  { path: '/secrets', label: 'Secrets' },
  { path: '/signing-keys', label: 'Signing keys' },
  { path: '/audit', label: 'Audit' },
] as const;

export interface Flash {
  kind: 'notice' | 'error';
  text: string;
}

/** Renders panel pages inside the layout (menu, flash message, sign-out form) and answers form posts. */
@Injectable()
export class AdminPages {
  readonly root: string;
  private readonly tls: boolean;

  constructor(http: HttpConfig) {
    this.root = adminRoot(http);
    this.tls = http.tls !== null;
  }

  /** Every page carries a fresh CSRF token for its forms; a flash message left by the last redirect is shown once. */
  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    data: Record<string, unknown>,
    status = 200,
  ): Promise<FastifyReply> {
    const flash = request.cookies[FLASH_COOKIE];
    if (flash) void reply.clearCookie(FLASH_COOKIE, this.cookieOptions());
    const html = await reply.viewAsync(`@${view}.eta`, {
      root: this.root,
      nav: ADMIN_NAV,
      signedIn: Boolean((request as FastifyRequest & AuthenticatedRequest).principal),
      csrfToken: reply.generateCsrf(),
      flash: flash ? { kind: 'notice', text: flash.slice(0, 200) } : null,
      current: request.url.split('?')[0],
      ...data,
    });
    return reply.status(status).type('text/html; charset=utf-8').send(html);
  }

  /** After a form: 303 to a page of the panel (`path` under its root), which shows `notice` once. */
  redirect(reply: FastifyReply, path: string, notice?: string): FastifyReply {
    if (notice) void reply.setCookie(FLASH_COOKIE, notice, this.cookieOptions());
    return reply.redirect(`${this.root}${path}`, 303);
  }

  private cookieOptions() {
    return ADMIN_COOKIE_OPTIONS(this.root, this.tls);
  }
}
