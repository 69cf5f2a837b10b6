import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestApp, TestUser } from '../support/test-app';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

interface Answer {
  status: number;
  cookies: string[];
  location?: string;
  body: string;
}

/** The panel served over TLS: its cookies are Secure, so a browser never sends them over plain HTTP. */
(hasOpenssl ? describe : describe.skip)('admin panel cookies under TLS', () => {
  let app: TestApp;
  let admin: TestUser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-admin-tls-'));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ]),
      { stdio: 'ignore' },
    );
    app = await TestApp.start({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    // TestApp's helpers speak plain HTTP; the admin is made directly, as newAdmin would.
    admin = { email: `admin-${Date.now()}@example.com`, password: 'correct horse battery staple' } as TestUser;
    const { BootstrapAdminInteractor } = await import('@keyward/identity');
    await app.app.get(BootstrapAdminInteractor).execute({ email: admin.email, password: admin.password });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function send(method: string, route: string, headers: Record<string, string> = {}, body?: string) {
    const url = new URL(`${app.baseUrl.replace(/^http:/, 'https:')}${route}`);
    return new Promise<Answer>((resolve, reject) => {
      const request = httpsRequest(url, { method, headers, rejectUnauthorized: false }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            cookies: response.headers['set-cookie'] ?? [],
            location: response.headers.location,
            body: text,
          }),
        );
      });
      request.on('error', reject).end(body);
    });
  }

  it('marks the CSRF secret and the session cookie Secure, and signs in over TLS', async () => {
    const form = await send('GET', '/admin/login');
    expect(form.status).toBe(200);
    const csrfCookie = form.cookies.find((c) => c.startsWith('kw_admin_csrf='))!;
    expect(csrfCookie).toMatch(/; Secure/);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];

    const body = new URLSearchParams({ _csrf: token, email: admin.email, password: admin.password }).toString();
    const signedIn = await send(
      'POST',
      '/admin/login',
      { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.split(';')[0] },
      body,
    );
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/auth/admin');
    const session = signedIn.cookies.find((c) => c.startsWith('kw_admin_session='))!;
    expect(session).toMatch(/; Path=\/auth\/admin/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Secure/);

    const dashboard = await send('GET', '/admin', { cookie: session.split(';')[0] });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('<h1>Dashboard</h1>');
  });
});
