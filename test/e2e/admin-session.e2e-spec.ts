import { adminCookie, openPanel } from '../support/admin-http';
import { TestApp, TestUser } from '../support/test-app';

/**
 * The panel's cookie over plain HTTP (no browser needed): it holds a normal session's tokens, an expired access
 * token is refreshed transparently, and a session revoked anywhere closes the panel at the next request.
 */
describe('admin panel session cookie', () => {
  let app: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  const cookieOf = (accessToken: string, refreshToken: string) => adminCookie({ accessToken, refreshToken });
  const open = (cookie: string, path = '') => openPanel(app, cookie, path);
  const tokensIn = (response: Response) => {
    const set = response.headers.getSetCookie().find((c) => c.startsWith('kw_admin_session='));
    if (!set) return null;
    const value = set.slice('kw_admin_session='.length).split(';')[0];
    const [accessToken, refreshToken] = JSON.parse(Buffer.from(value, 'base64url').toString()) as string[];
    return { accessToken, refreshToken };
  };

  it('opens pages with the access token of a live session, without touching the cookie', async () => {
    const session = await app.login(admin.email, admin.password);
    const page = await open(cookieOf(session.accessToken, session.refreshToken));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Dashboard</h1>');
    expect(tokensIn(page)).toBeNull();
    // Pages show keys and personal data: never cached; the API's CSP holds (no script may run at all).
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refreshes an unusable access token with the refresh token, in the same session, once for racing pages', async () => {
    const session = await app.login(admin.email, admin.password);
    const stale = cookieOf('expired.or.tampered', session.refreshToken);
    // Two pages at once with the same stale cookie: both open (the second does not look like refresh reuse).
    const pages = await Promise.all([open(stale), open(stale, '/users')]);
    expect(pages.map((p) => p.status)).toEqual([200, 200]);
    const renewed = tokensIn(pages[0])!;
    expect(tokensIn(pages[1])).toEqual(renewed);
    expect(renewed.refreshToken).not.toBe(session.refreshToken);

    // The new tokens belong to the same session, which is still alive.
    const me = await app.request('GET', '/sessions', { token: renewed.accessToken });
    expect(me.body.items.find((s: { current: boolean }) => s.current).id).toBe(session.sessionId);
    expect((await open(cookieOf(renewed.accessToken, renewed.refreshToken))).status).toBe(200);
  });

  it('closes the panel at the next request once the session is revoked elsewhere (API logout)', async () => {
    const session = await app.login(admin.email, admin.password);
    const cookie = cookieOf(session.accessToken, session.refreshToken);
    expect((await open(cookie)).status).toBe(200);
    expect((await app.request('POST', '/logout', { token: session.accessToken })).status).toBe(204);

    const after = await open(cookie, '/users');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/auth/admin/login');
    // The dead cookie is cleared rather than tried again on every page.
    expect(after.headers.getSetCookie().join('\n')).toMatch(/kw_admin_session=;/);
  });

  it('answers an unknown panel address with the 404 page, and the root with a slash with the dashboard', async () => {
    const session = await app.login(admin.email, admin.password);
    const cookie = cookieOf(session.accessToken, session.refreshToken);
    const missing = await open(cookie, '/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(await missing.text()).toContain('Page not found');
    const slash = await open(cookie, '/');
    expect(slash.status).toBe(303);
    expect(slash.headers.get('location')).toBe('/auth/admin');
    // Signed out, even an unknown address leads to the sign-in form, telling nothing about what exists.
    expect((await open('', '/no-such-page')).headers.get('location')).toBe('/auth/admin/login');
  });

  it('treats a malformed cookie as no session', async () => {
    for (const cookie of ['kw_admin_session=not-base64-json', `kw_admin_session=${'A'.repeat(5000)}`]) {
      const page = await open(cookie);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/auth/admin/login');
    }
  });
});
