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

/**
 * The sign-in form as a browser without JavaScript sends it: fetch the form (its CSRF secret cookie and token),
 * then post email and password with both.
 */
export async function submitSignIn(app: TestApp, email: string, password: string): Promise<Response> {
  const form = await fetch(`${app.baseUrl}/admin/login`);
  const csrfCookie = form.headers.getSetCookie().find((c) => c.startsWith('kw_admin_csrf='))!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  return fetch(`${app.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.split(';')[0] },
    body: new URLSearchParams({ _csrf: token, email, password }),
    redirect: 'manual',
  });
}
