import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's chromium; the browser suites are skipped, saying so, where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`admin panel browser tests skipped: ${CHROMIUM} is not installed`);

/** Full-page screenshots of every panel page, kept as test artefacts (gitignored) for a person to look at. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'admin');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The sign-in form, as a person fills it in; resolves once the browser has left the form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** The text of the page's main element (menu and header left out). */
export function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}
