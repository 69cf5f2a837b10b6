import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { Browser, chromium } from 'playwright-core';
import { TestApp, TestUser } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';

/** A page's origin: an empty HTML page on a port of its own. */
async function pageOrigin(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>client</title>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** What a script on `origin` gets from fetching the API with a bearer token (a preflighted request). */
async function fetchFrom(browser: Browser, origin: string, url: string, token: string) {
  const page = await browser.newPage();
  try {
    await page.goto(origin);
    return await page.evaluate(
      async ({ url, token }) => {
        try {
          const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'x-api-key': 'unused' } });
          return {
            status: response.status,
            requestId: response.headers.get('x-request-id'),
            body: await response.json(),
          };
        } catch (error) {
          return { error: String(error) };
        }
      },
      { url, token },
    );
  } finally {
    await page.close();
  }
}

const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

describeWithChromium('CORS in a real browser (chromium)', () => {
  let browser: Browser;
  let allowed: { origin: string; server: Server };
  let other: { origin: string; server: Server };
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    [allowed, other] = await Promise.all([pageOrigin(), pageOrigin()]);
    app = await TestApp.start({ CORS_ORIGINS: allowed.origin });
    user = await app.newUser('browser');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const { server } of [allowed, other]) server?.close();
  });

  it('lets a page on a listed origin call the API with Authorization and X-Api-Key, and read X-Request-Id', async () => {
    const result = await fetchFrom(browser, allowed.origin, `${app.baseUrl}/me`, user.accessToken);
    expect(result).toEqual({
      status: 200,
      requestId: expect.any(String),
      body: expect.objectContaining({ id: user.id }),
    });
  });

  it('keeps the answer from a page on any other origin', async () => {
    const result = await fetchFrom(browser, other.origin, `${app.baseUrl}/me`, user.accessToken);
    expect(result).toEqual({ error: 'TypeError: Failed to fetch' });
  });
});
