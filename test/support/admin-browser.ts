import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's chromium; the browser suites are skipped, saying so, where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`admin panel browser tests skipped: ${CHROMIUM} is not installed`);

/** Full-page screenshots of every panel page, kept as test artefacts (gitignored) for a person to look at. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'admin');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * Saves a full-page screenshot, and checks what every panel page must be: no script at all (the panel works
 * without JavaScript, and the browser contexts run with it off), and a label for every field and button.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect(await page.locator('script').count()).toBe(0);
  const unlabelled = await page.locator('input:not([type=hidden]), select, textarea, button').evaluateAll((fields) =>
    fields
      .filter((field) => {
        // Runs in the page; the project's type library has no DOM, so `labels` is read structurally.
        const labels = (field as unknown as { labels?: ArrayLike<unknown> | null }).labels;
        const named = field.getAttribute('aria-label') || (field.tagName === 'BUTTON' && field.textContent?.trim());
        return !named && (!labels || labels.length === 0);
      })
      .map((field) => field.outerHTML),
  );
  expect(unlabelled).toEqual([]);
}

/** A browser profile with JavaScript off: every flow must work without it. */
export function newPanelContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false });
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
