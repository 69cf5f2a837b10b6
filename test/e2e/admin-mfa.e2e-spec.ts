import { generateSync } from 'otplib';
import { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, mainText, newPanelContext, screenshot, signIn } from '../support/admin-browser';
import { TestApp, TestUser } from '../support/test-app';

const STEP_SECONDS = 30;
const currentStep = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);
const codeAt = (secret: string, step: number) => generateSync({ secret, epoch: step * STEP_SECONDS });

/**
 * The panel's sign-in for an account with TOTP: the password alone opens no session; the second step takes a code
 * or a recovery code, through the same use case as POST /auth/login/mfa.
 */
(hasChromium ? describe : describe.skip)('admin panel sign-in with MFA (chromium)', () => {
  let app: TestApp;
  let admin: TestUser;
  let browser: Browser;
  let secret: string;
  let confirmedStep: number;
  let recoveryCodes: string[];

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
    const started = await app.request('POST', '/mfa/totp', {
      token: admin.accessToken,
      body: { password: admin.password },
    });
    secret = started.body.secret;
    confirmedStep = currentStep();
    const confirmed = await app.request('POST', '/mfa/totp/confirm', {
      token: admin.accessToken,
      body: { code: codeAt(secret, confirmedStep) },
    });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const sessionCount = async () => (await app.request('GET', '/sessions', { token: admin.accessToken })).body.total;
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const submitCode = (page: Page, code: string) =>
    Promise.all([
      page.waitForNavigation(),
      (async () => {
        await page.getByLabel('Code from your authenticator app, or a recovery code').fill(code);
        await page.getByRole('button', { name: 'Continue' }).click();
      })(),
    ]);

  it('asks for the second factor after the password, refuses a wrong code, and signs in with the next code', async () => {
    const page = await (await newPanelContext(browser)).newPage();
    const before = await sessionCount();
    await signIn(page, app.baseUrl, admin.email, admin.password);
    expect(page.url()).toBe(`${app.baseUrl}/admin/login`);
    expect(await heading(page)).toBe('Two-step sign-in');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('kw_admin_session');
    expect(await sessionCount()).toBe(before);
    await screenshot(page, 'login-mfa');

    await submitCode(page, '000000');
    expect(await heading(page)).toBe('Two-step sign-in');
    expect(await page.getByRole('alert').innerText()).toMatch(/code/i);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('kw_admin_session');
    await screenshot(page, 'login-mfa-refused');

    // The confirming code's step is used up (replay); the authenticator's next code is accepted.
    await submitCode(page, codeAt(secret, confirmedStep + 1));
    expect(page.url()).toBe(`${app.baseUrl}/admin`);
    expect(await heading(page)).toBe('Dashboard');
    expect(await mainText(page)).toMatch(/Users/);
    expect(await sessionCount()).toBe(before + 1);
    await page.context().close();
  });

  it('takes a recovery code instead, once', async () => {
    const page = await (await newPanelContext(browser)).newPage();
    await signIn(page, app.baseUrl, admin.email, admin.password);
    await submitCode(page, recoveryCodes[0]);
    expect(await heading(page)).toBe('Dashboard');
    await page.context().close();

    const again = await (await newPanelContext(browser)).newPage();
    await signIn(again, app.baseUrl, admin.email, admin.password);
    await submitCode(again, recoveryCodes[0]);
    expect(await heading(again)).toBe('Two-step sign-in');
    const left = await app.request('GET', '/mfa', { token: admin.accessToken });
    expect(left.body.recoveryCodesLeft).toBe(9);
    await again.context().close();
  });
});
