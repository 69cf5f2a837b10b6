import { submitSignIn } from '../support/admin-http';
import { TestApp, TestUser } from '../support/test-app';

/** The panel's sign-in is the API's login: its failure limits apply to the form too. */
describe('admin panel sign-in limits', () => {
  let app: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '2' });
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  it('refuses the form with a 429 page and Retry-After once the account has failed too often, even with the right password', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await submitSignIn(app, admin.email, 'wrong password')).status).toBe(401);
    }
    const limited = await submitSignIn(app, admin.email, admin.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toContain('text/html');
    expect(await limited.text()).toContain('RATE_LIMITED');
    expect(limited.headers.getSetCookie().some((c) => c.startsWith('kw_admin_session='))).toBe(false);
  });
});
