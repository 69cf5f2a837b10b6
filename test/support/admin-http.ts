import { TestApp } from './test-app';

/** The panel's session cookie for a session the API started (what the sign-in form sets). */
export function adminCookie(session: { accessToken: string; refreshToken: string }): string {
  const value = Buffer.from(JSON.stringify([session.accessToken, session.refreshToken])).toString('base64url');
  return `kw_admin_session=${value}`;
}

/** A panel page fetched with that cookie, without following redirects. */
export function openPanel(app: TestApp, cookie: string, path = ''): Promise<Response> {
  return fetch(`${app.baseUrl}/admin${path}`, { headers: { cookie }, redirect: 'manual' });
}

/** The dashboard's figures by label ("—" where the operator may not see one). */
export function dashboardCounts(html: string): Record<string, string> {
  const counts: Record<string, string> = {};
  for (const match of html.matchAll(/<strong>([^<]*)<\/strong><a href="[^"]*">([^<]*)<\/a>/g))
    counts[match[2]] = match[1];
  return counts;
}
