import { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, mainText, newPanelContext, screenshot, signIn } from '../support/admin-browser';
import { Delegation } from '../support/delegation';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

/** What the panel refuses, in a real browser: the rules of the API hold on every page and form. */
(hasChromium ? describe : describe.skip)('admin panel refusals (chromium)', () => {
  let app: TestApp;
  let admin: TestUser;
  let delegation: Delegation;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.newAdmin();
    delegation = new Delegation(app, admin);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  // A fresh browser profile (no cookies) per case.
  beforeEach(async () => {
    context = await newPanelContext(browser);
    page = await context.newPage();
  });
  afterEach(() => context.close());

  const panel = (path = '') => `${app.baseUrl}/admin${path}`;
  const sessionCount = async (user: TestUser) =>
    (await app.request('GET', '/sessions', { token: user.accessToken })).body.total;

  it('refuses a wrong password on the form, as the API does, without a session', async () => {
    await signIn(page, app.baseUrl, admin.email, 'not the password');
    expect(page.url()).toBe(panel('/login'));
    expect(await page.getByRole('alert').innerText()).toBe('Invalid email or password');
    expect(await page.getByLabel('Email').inputValue()).toBe(admin.email);
    await screenshot(page, 'login-refused');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('kw_admin_session');
  });

  it('refuses a user without admin:access: a 403 page, no panel data, and the session it started is revoked', async () => {
    const user = await app.newUser('plain');
    const before = await sessionCount(user);
    await signIn(page, app.baseUrl, user.email, user.password);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Forbidden');
    expect(await page.getByRole('alert').innerText()).toBe('Missing permission: admin:access');
    expect(await page.locator('nav[aria-label="Admin panel"]').count()).toBe(0);
    expect(await page.content()).not.toContain(admin.email);
    await screenshot(page, 'forbidden');
    expect(await sessionCount(user)).toBe(before);

    await page.goto(panel('/users'));
    expect(page.url()).toBe(panel('/login'));
  });

  it("holds each page to its API route's permission: admin:access alone opens the dashboard, not the users", async () => {
    const viewer = await delegation.user('viewer', ['admin:access']);
    await signIn(page, app.baseUrl, viewer.email, viewer.password);
    expect(page.url()).toBe(panel());
    expect(await mainText(page)).toMatch(/—\s*Users/);

    const users = await page.goto(panel('/users'));
    expect(users?.status()).toBe(403);
    expect(await page.getByRole('alert').innerText()).toBe('Missing permission: users:read');
  });

  it('refuses a form posted without its CSRF token, or with a forged one, and changes nothing', async () => {
    const target = await app.newUser('target');
    await signIn(page, app.baseUrl, admin.email, admin.password);
    await page.goto(panel(`/users/${target.id}`));

    const forms: Record<string, string>[] = [{ roles: 'admin' }, { roles: 'admin', _csrf: 'forged-token' }];
    for (const form of forms) {
      const response = await page.request.post(panel(`/users/${target.id}/roles`), { form });
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain('This form was not sent from the admin panel, or it has expired.');
    }
    await page.setContent(await (await page.request.post(panel(`/users/${target.id}/roles`), { form: {} })).text());
    await screenshot(page, 'csrf-refused');
    expect(await delegation.rolesOf(target)).toEqual(['user']);
  });

  it('refuses an escalation through the panel with ESCALATION_DENIED: a helpdesk cannot make anyone admin', async () => {
    const helpdesk = await delegation.user('helpdesk', ['admin:access', 'users:read', 'users:write']);
    const target = await app.newUser('target');
    await signIn(page, app.baseUrl, helpdesk.email, helpdesk.password);
    await page.goto(panel(`/users/${target.id}`));
    await page.getByRole('checkbox', { name: 'admin' }).check();
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Save roles' }).click(),
    ]);
    expect(response?.status()).toBe(403);
    expect(await mainText(page)).toContain('ESCALATION_DENIED');
    expect(await page.getByRole('alert').innerText()).toMatch(/admin/i);
    await screenshot(page, 'escalation-denied');
    expect(await delegation.rolesOf(target)).toEqual(['user']);
  });

  it.each([
    ['a lone surrogate', 'email=%ED%A0%80&password=x'],
    ['bytes that are not UTF-8', 'email=%FF&password=x'],
    ['a NUL', 'email=a%00b&password=x'],
  ])('refuses a form with %s as 400, never 5xx', async (_, rawBody) => {
    const posted = await app.request('POST', '/admin/login', {
      rawBody,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(posted, 400, 'VALIDATION_FAILED');
    expect(posted.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
  });

  it('still refuses form-encoded bodies outside the panel (415), where no CSRF token protects them', async () => {
    const login = await app.request('POST', '/login', {
      rawBody: `email=${encodeURIComponent(admin.email)}&password=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(login, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
