import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HttpResult, TestApp } from '../support/test-app';

function expectSecurityHeaders(result: HttpResult | { headers: Headers }): void {
  const headers = result.headers;
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers.get('x-powered-by')).toBeNull();
}

/** The same-origin scripts and stylesheets a page references, and whether it has inline scripts. */
function assetsOf(html: string): { urls: string[]; inlineScripts: number } {
  const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]);
  const inlineScripts = [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)].filter(
    (m) => !/\ssrc=/.test(m[1] ?? '') && m[2].trim() !== '',
  ).length;
  return { urls, inlineScripts };
}

describe('security headers and caching', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  it('are on every kind of answer: success, problem, unknown route, bad URL, no HSTS over plain HTTP', async () => {
    const user = await app.newUser();
    const answers = [
      await app.request('GET', '/health'),
      await app.request('GET', '/me', { token: user.accessToken }),
      await app.request('GET', '/me'),
      await app.request('POST', '/login', { body: { email: 'x' } }),
      await app.request('GET', '/no-such-route'),
      await app.request('GET', '/users/%zz', { token: user.accessToken }),
      await app.request('GET', '/openapi.json'),
    ];
    for (const answer of answers) {
      expectSecurityHeaders(answer);
      expect(answer.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('marks every credential-carrying answer Cache-Control: no-store', async () => {
    const admin = await app.newAdmin();
    const token = admin.accessToken;
    const login = await app.request('POST', '/login', { body: { email: admin.email, password: admin.password } });
    const refresh = await app.request('POST', '/refresh', { body: { refreshToken: login.body.refreshToken } });
    const signFileToken = await app.request('POST', '/token', {
      body: { email: admin.email, password: admin.password },
    });
    const ownKey = await app.request('POST', '/api-keys', { token, body: { name: 'ci' } });
    const created = await app.request('POST', '/users', {
      token,
      body: { email: `nc-${Date.now()}@example.com`, password: 'a perfectly fine passphrase' },
    });
    const userKey = await app.request('POST', `/users/${created.body.id}/api-keys`, { token, body: { name: 'k' } });
    const secret = await app.request('POST', '/secrets', { body: { secret: 's3cr3t', passphrase: 'blue canoe' } });
    const revealed = await app.request('POST', `/secrets/${secret.body.secretKey}`, {
      body: { passphrase: 'blue canoe' },
    });
    const cases: [string, HttpResult, number][] = [
      ['POST /login', login, 200],
      ['POST /refresh', refresh, 200],
      ['POST /token', signFileToken, 200],
      ['POST /api-keys', ownKey, 201],
      ['POST /users', created, 201],
      ['POST /users/{id}/api-keys', userKey, 201],
      ['POST /secrets', secret, 201],
      ['POST /secrets/{secretKey}', revealed, 200],
    ];
    for (const [name, answer, status] of cases) {
      expect({ name, status: answer.status, cacheControl: answer.headers.get('cache-control') }).toEqual({
        name,
        status,
        cacheControl: 'no-store',
      });
      expectSecurityHeaders(answer);
    }
    // No-store is the default for API answers, not a per-route afterthought.
    expect((await app.request('GET', '/me', { token })).headers.get('cache-control')).toBe('no-store');
  });

  it('lets static documentation assets be cached', async () => {
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/redoc/redoc.standalone.js']) {
      const res = await app.request('GET', asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers.get('cache-control')).toMatch(/^public/);
    }
  });

  it.each(['/docs', '/redoc'])(
    '%s loads every script and stylesheet from this server, as its CSP requires',
    async (page) => {
      const res = await app.request('GET', page);
      expect(res.status).toBe(200);
      expectSecurityHeaders(res);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      // Both render with inline styles; ReDoc's search runs in a worker made from a blob: URL.
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("worker-src 'self' blob:");
      const pageUrl = new URL(`${app.baseUrl}${page}`);
      const { urls, inlineScripts } = assetsOf(res.text);
      expect(inlineScripts).toBe(0);
      expect(urls.length).toBeGreaterThan(0);
      for (const reference of urls) {
        const url = new URL(reference, pageUrl);
        expect(url.origin).toBe(pageUrl.origin);
        const asset = await fetch(url);
        await asset.arrayBuffer();
        expect({ reference, status: asset.status }).toEqual({ reference, status: 200 });
        expectSecurityHeaders(asset);
      }
    },
  );

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((binary) => existsSync(binary));
  // A real browser is the only full proof that the policy blocks nothing the pages need; CI images without
  // Chromium rely on the asset checks above.
  (chromium ? it : it.skip).each([
    ['/docs', /data-path="\/auth\/register"/],
    ['/redoc', /id="tag\/authentication"/],
  ])(
    '%s renders in headless Chromium with no CSP violation but the blocked third-party logo',
    async (page, rendered) => {
      const profile = mkdtempSync(path.join(tmpdir(), 'keyward-chromium-'));
      try {
        const { stdout, stderr } = await promisify(execFile)(
          chromium as string,
          [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            `--user-data-dir=${profile}`,
            '--enable-logging=stderr',
            '--virtual-time-budget=15000',
            '--dump-dom',
            `${app.baseUrl}${page}`,
          ],
          { timeout: 60000, maxBuffer: 64 * 1024 * 1024 },
        );
        expect(stdout).toMatch(rendered);
        const violations = stderr
          .split('\n')
          .filter((line) => /Content Security Policy/.test(line))
          // ReDoc shows a "powered by" logo from its CDN and hides it when the image cannot load.
          .filter((line) => !line.includes('https://cdn.redoc.ly/redoc/logo-mini.svg'));
        expect(violations).toEqual([]);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
    90000,
  );
});

// The certificate is made with openssl at run time; an image without it skips this part.
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

(hasOpenssl ? describe : describe.skip)('security headers under TLS', () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-tls-'));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    app = await TestApp.start({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds HSTS and upgrade-insecure-requests', async () => {
    const url = new URL(`${app.baseUrl.replace(/^http:/, 'https:')}/health`);
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      httpsRequest(url, { rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      })
        .on('error', reject)
        .end();
    });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});
