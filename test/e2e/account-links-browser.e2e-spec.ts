import { existsSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { RequestPasswordResetInteractor } from '@keyward/identity';
import { readOutbox } from '../support/mail-catcher';
import { TestApp, TestUser } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

/**
 * The pages the mailed links open, in a real browser under the service's Content-Security-Policy: opening one
 * changes nothing, and its form (sent as JSON by the page's script) completes the action.
 */
describeWithChromium('account link pages in chromium', () => {
  let browser: Browser;
  let app: TestApp;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The token of the latest mail to `email` in the outbox. */
  async function latestToken(email: string): Promise<string> {
    await app.app.get(RequestPasswordResetInteractor).settled();
    const mails = (await readOutbox(path.join(app.config.runtime.dataDir, 'outbox'))).filter((m) => m.to === email);
    return mails[mails.length - 1].token;
  }

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(url);
    return page;
  }

  const me = async (user: TestUser) => (await app.request('GET', '/me', { token: user.accessToken })).body;

  it('confirms an email address with the button of the verification page', async () => {
    const user = await app.newUser('browser-verify');
    await app.request('POST', '/email/verification', { token: user.accessToken });
    const token = await latestToken(user.email);

    const page = await open(`${app.baseUrl}/email/verify?token=${token}`);
    try {
      expect(await me(user)).toMatchObject({ emailVerified: false });
      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      await page.getByText('Your email address is confirmed.').waitFor();
      expect(await me(user)).toMatchObject({ emailVerified: true });

      // The same link again: the page says why it fails.
      await page.goto(`${app.baseUrl}/email/verify?token=${token}`);
      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      await page.locator('#status[data-code="INVALID_TOKEN"]').waitFor();
    } finally {
      await page.close();
    }
    expect(cspViolations).toEqual([]);
  });

  it('sets a new password with the form of the reset page', async () => {
    const user = await app.newUser('browser-reset');
    await app.request('POST', '/password/forgot', { body: { email: user.email } });
    const token = await latestToken(user.email);

    const page = await open(`${app.baseUrl}/password/reset?token=${token}`);
    try {
      const password = page.getByLabel('New password');
      await password.fill('password');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.locator('#status[data-code="WEAK_PASSWORD"]').waitFor();

      await password.fill('a browser chosen passphrase');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.getByText('Your password was changed.').waitFor();
    } finally {
      await page.close();
    }
    expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(401);
    await app.login(user.email, 'a browser chosen passphrase');
    expect(cspViolations).toEqual([]);
  });
});
