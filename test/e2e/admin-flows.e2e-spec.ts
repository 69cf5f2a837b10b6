import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, mainText, newPanelContext, screenshot, signIn } from '../support/admin-browser';
import { dashboardCounts } from '../support/admin-http';
import { SigningTestApp, startSigningApp } from '../support/signing';
import { formOf, TestApp, TestUser } from '../support/test-app';

/**
 * The operator's flows through the panel in a real browser: sign in, create a user, give a role, watch that
 * user sign, find the audit entry, revoke the user's sessions. Each step is checked through the JSON API too, so
 * the page cannot merely say it happened.
 */
(hasChromium ? describe : describe.skip)('admin panel flows (chromium)', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const created = { email: `grace-${randomUUID()}@example.com`, password: `pw ${randomUUID()}`, id: '' };

  beforeAll(async () => {
    signing = await startSigningApp({ keys: [{ algo: 'ed25519' }] });
    app = signing.app;
    admin = await app.newAdmin();
    browser = await launchChromium();
    context = await newPanelContext(browser);
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await signing?.close();
  });

  const panel = (path = '') => `${app.baseUrl}/admin${path}`;

  it('sends a signed-out visitor to the sign-in form, and signs in to the dashboard with a normal session', async () => {
    await page.goto(panel('/users'));
    expect(page.url()).toBe(panel('/login'));
    await screenshot(page, 'login');

    const before = (await app.request('GET', '/sessions', { token: admin.accessToken })).body.total;
    await signIn(page, app.baseUrl, admin.email, admin.password);
    expect(page.url()).toBe(panel());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dashboard');
    expect(await mainText(page)).toMatch(/\d+\s*Users/);
    await screenshot(page, 'dashboard');

    // The panel's session is one of the admin's sessions (so it can be listed and revoked like any other).
    const sessions = await app.request('GET', '/sessions', { token: admin.accessToken });
    expect(sessions.body.total).toBe(before + 1);
    const cookie = (await context.cookies()).find((c) => c.name === 'kw_admin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth/admin', secure: false });
  });

  it('creates a user, showing the first API key once, as POST /auth/users does', async () => {
    await page.goto(panel('/users'));
    await screenshot(page, 'users');
    await page.getByText('Create a user').click();
    await page.getByLabel('Email', { exact: true }).fill(created.email);
    await page.getByLabel('Name').fill('Grace');
    await page.getByLabel('Password').fill(created.password);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create user' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('User created');
    const key = await page.locator('#api-key').innerText();
    expect(key).toMatch(/^kw_/);
    await screenshot(page, 'user-created');

    const found = await app.request('GET', `/users?email=${encodeURIComponent(created.email)}`, {
      token: admin.accessToken,
    });
    expect(found.body.items).toEqual([
      expect.objectContaining({ email: created.email, name: 'Grace', roles: ['user'] }),
    ]);
    created.id = found.body.items[0].id;
    // The key shown is the user's real key.
    expect((await app.request('GET', '/me', { apiKey: key })).body.id).toBe(created.id);
  });

  it('finds the user by email and gives them a role', async () => {
    await page.goto(panel('/users'));
    await page.getByLabel('Email contains').fill(created.email.slice(0, 20));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search' }).click()]);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: created.email }).click()]);
    expect(page.url()).toBe(panel(`/users/${created.id}`));

    await page.getByRole('checkbox', { name: 'signer' }).check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save roles' }).click()]);
    expect(await page.getByRole('status').innerText()).toBe('Roles saved.');
    expect(await page.getByRole('checkbox', { name: 'signer' }).isChecked()).toBe(true);

    const user = await app.request('GET', `/users/${created.id}`, { token: admin.accessToken });
    expect(user.body.roles).toEqual(['signer', 'user']);
  });

  it("finds the audit entry of the new signer's signature", async () => {
    const signer = await app.login(created.email, created.password);
    const key = signing.gpg.keys[0];
    const signed = await app.request('POST', `/sign?keyid=${key.keyid}`, {
      token: signer.accessToken,
      form: formOf(['file', 'release.txt', 'release 1.0']),
    });
    expect(signed.status).toBe(200);

    // Only events that exist on every branch today: the signing ones. User and role events join them with the
    // audit trail's own work; the filter by actor finds those the same way.
    await page.goto(panel('/audit'));
    await page.getByLabel('Actor id').fill(created.id);
    await page.getByLabel('Action').fill('signing.sign');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filter' }).click()]);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(1);
    const row = await rows.first().innerText();
    expect(row).toContain('signing.sign');
    expect(row).toContain(created.email); // the actor, by email (the link goes to the user's page)
    expect(await rows.first().getByRole('link', { name: created.email }).getAttribute('href')).toBe(
      `/auth/admin/users/${created.id}`,
    );
    expect(row).toContain('release.txt');
    await screenshot(page, 'audit');

    // The time window (UTC): from an hour ahead there is nothing; up to an hour ahead, the event.
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19);
    await page.getByLabel('From (UTC)').fill(inAnHour);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filter' }).click()]);
    expect(await mainText(page)).toContain('No events match.');
    await page.getByLabel('From (UTC)').fill('');
    await page.getByLabel('To (UTC)').fill(inAnHour);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filter' }).click()]);
    expect(await rows.count()).toBe(1);

    await page.goto(panel());
    expect(dashboardCounts(await page.content())['Signing requests (24 h)']).toBe('1');
  });

  it("lists the user's sessions and revokes them all: their tokens stop working at once", async () => {
    const session = await app.login(created.email, created.password);
    expect((await app.request('GET', '/me', { token: session.accessToken })).status).toBe(200);

    await page.goto(panel(`/users/${created.id}`));
    const sessionRows = page.locator('section', { hasText: 'Sessions' }).locator('tbody tr');
    expect(await sessionRows.count()).toBe(2); // the signing login and this one
    await screenshot(page, 'user');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Revoke all 2 sessions/ }).click()]);
    expect(await page.getByRole('status').innerText()).toBe('2 sessions revoked.');
    expect(await mainText(page)).toContain('No live sessions.');

    expect((await app.request('GET', '/me', { token: session.accessToken })).status).toBe(401);
  });

  it('signs out: the panel session is revoked, and the old cookie no longer opens a page', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'kw_admin_session')!;
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(page.url()).toBe(panel('/login'));
    expect(await page.getByRole('status').innerText()).toBe('Signed out.');

    // Replaying the cookie the browser held: the session behind it is gone, so it is back to the form.
    const replay = await fetch(panel('/users'), {
      headers: { cookie: `kw_admin_session=${cookie.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/auth/admin/login');
  });
});
