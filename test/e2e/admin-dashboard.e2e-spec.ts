import { adminCookie, dashboardCounts, openPanel } from '../support/admin-http';
import { Delegation } from '../support/delegation';
import { TestApp, TestUser } from '../support/test-app';

/** The dashboard's figures on a fresh service, where every one of them is known; and who sees which names. */
describe('admin panel dashboard and names', () => {
  let app: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  it('counts users, live sessions, teams, pending secrets and signing requests of the last 24 hours', async () => {
    const panelSession = await app.login(admin.email, admin.password);
    const other = await app.newUser('other');
    await app.request('POST', '/logout', { token: other.accessToken }); // a revoked session is not counted
    await app.request('POST', '/teams', { token: admin.accessToken, body: { name: 'Release' } });
    const secret = (token?: string) =>
      app.request('POST', '/secrets', { token, body: { secret: 's3cret', passphrase: 'blue canoe' } });
    const burned = await secret(admin.accessToken);
    await app.request('DELETE', `/secrets/${burned.body.id}`, { token: admin.accessToken });
    await secret(admin.accessToken);
    await secret(); // anonymous secrets are pending too

    const page = await openPanel(app, adminCookie(panelSession));
    expect(page.status).toBe(200);
    const counts = dashboardCounts(await page.text());
    // Redis keeps the sessions of every service sharing its database under one prefix (the test files run side
    // by side on one database): there the figure covers theirs too. The embedded store counts this service's.
    const sharedRedis = app.config.redis.url !== null;
    if (sharedRedis) expect(Number(counts['Active sessions'])).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual({
      Users: '2',
      'Active sessions': sharedRedis ? counts['Active sessions'] : '2', // the admin's two; the other logged out
      Teams: '1',
      'Pending secrets': '2',
      'Signing requests (24 h)': '0',
    });
  });

  it('hides the figures whose API route the operator may not use', async () => {
    const viewer = await new Delegation(app, admin).user('viewer', ['admin:access']);
    const page = await openPanel(app, adminCookie(viewer));
    expect(dashboardCounts(await page.text())).toEqual({
      Users: '—',
      'Active sessions': '—',
      Teams: '0', // the viewer's own teams
      'Pending secrets': '—',
      'Signing requests (24 h)': '—',
    });
  });

  it('names the actors of audit events by email only for operators who may read users', async () => {
    // newUser logs in: auth.login.success has the account as its actor, and no email in its details.
    const actor = await app.newUser('actor');
    const filter = `action=auth.login.success&actorId=${actor.id}`;
    const auditor = await new Delegation(app, admin).user('auditor', ['admin:access', 'audit:read']);
    const asAdmin = await (await openPanel(app, adminCookie(admin), `/audit?${filter}`)).text();
    expect(asAdmin).toContain(`>${actor.email}</a>`);
    const asAuditor = await (await openPanel(app, adminCookie(auditor), `/audit?${filter}`)).text();
    expect(asAuditor).not.toContain(actor.email);
    expect(asAuditor).toContain(`<code>${actor.id}</code>`);
  });
});
