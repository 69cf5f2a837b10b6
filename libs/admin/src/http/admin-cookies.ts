import type { CookieSerializeOptions } from '@fastify/cookie';

/** The signed-in session: its access and refresh tokens (see AdminSessions). */
export const SESSION_COOKIE = 'kw_admin_session';
/** The secret that the CSRF tokens of the forms are checked against (@fastify/csrf-protection). */
export const CSRF_COOKIE = 'kw_admin_csrf';
/** A one-shot message shown on the page a form redirects to ("Roles saved"). */
export const FLASH_COOKIE = 'kw_admin_flash';

/**
 * Every panel cookie: never readable by scripts, never sent by another site's request (not even a top-level
 * navigation), only under the panel's path, and only over TLS when the service serves TLS.
 */
export function ADMIN_COOKIE_OPTIONS(root: string, tls: boolean): CookieSerializeOptions {
  return { path: root, httpOnly: true, sameSite: 'strict', secure: tls };
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export function encodeSessionCookie(tokens: SessionTokens): string {
  return Buffer.from(JSON.stringify([tokens.accessToken, tokens.refreshToken])).toString('base64url');
}

/** Null for anything that is not what encodeSessionCookie wrote (a tampered cookie is simply not a session). */
export function decodeSessionCookie(value: string | undefined): SessionTokens | null {
  if (!value || value.length > 4096) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [accessToken, refreshToken] = parsed as unknown[];
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') return null;
    return { accessToken, refreshToken };
  } catch {
    return null;
  }
}
