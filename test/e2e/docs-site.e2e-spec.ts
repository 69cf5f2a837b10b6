import { expectProblem, TestApp, TestUser } from '../support/test-app';

/** Every `href` of a page that points into the guides site. */
function siteLinks(html: string): string[] {
  return [...html.matchAll(/href="(\/auth\/mkdocs[^"]*)"/g)].map((match) => match[1]);
}

describe('guides site (/mkdocs), public', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('serves docs/index.md as the home page, with a navigation naming every guide by its first heading', async () => {
    const home = await app.request('GET', '/mkdocs');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const nav = /<nav aria-label="Guides">([\s\S]*?)<\/nav>/.exec(home.text)?.[1] ?? '';
    expect(nav).toContain('<a href="/auth/mkdocs" aria-current="page">Keyward documentation</a>');
    expect(nav).toContain('<a href="/auth/mkdocs/operator-guide">Operator guide</a>');
    expect(nav).toContain('<a href="/auth/mkdocs/api-guide">API guide</a>');
    expect(nav).toContain('<a href="/auth/mkdocs/architecture">Architecture</a>');
  });

  it('turns links between guides into links between pages, and every one of them (anchors included) lands', async () => {
    const home = await app.request('GET', '/mkdocs');
    // docs/index.md links `operator-guide.md`; a relative href would resolve against /auth/ and miss.
    expect(home.text).toMatch(/<main>[\s\S]*<a href="\/auth\/mkdocs\/operator-guide">Operator guide<\/a>/);
    const seen = new Set<string>();
    const queue = ['/auth/mkdocs'];
    while (queue.length > 0) {
      const link = queue.shift() as string;
      const [page, anchor] = link.split('#');
      const answer = await app.request('GET', page.slice('/auth'.length));
      expect([link, answer.status]).toEqual([link, 200]);
      if (anchor) expect([link, answer.text.includes(`id="${anchor}"`)]).toEqual([link, true]);
      for (const next of siteLinks(answer.text).filter((href) => !href.includes('/assets/'))) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });

  it('renders code blocks and tables, loads only its own stylesheets and no script, under the CSP', async () => {
    const guide = await app.request('GET', '/mkdocs/operator-guide');
    expect(guide.text).toContain('<pre><code class="language-sh">');
    expect(guide.text).toContain('<table>');
    expect(guide.text).not.toMatch(/<script/i);
    expect(guide.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const sheet of [...guide.text.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1])) {
      expect(sheet).toMatch(/^\/auth\/mkdocs\/assets\//);
      const css = await app.request('GET', sheet.slice('/auth'.length));
      expect([sheet, css.status, css.headers.get('content-type')]).toEqual([sheet, 200, 'text/css; charset=utf-8']);
      expect(css.text.length).toBeGreaterThan(500);
    }
  });

  it.each([
    '/mkdocs/no-such-guide',
    '/mkdocs/index',
    '/mkdocs/Operator-Guide',
    '/mkdocs/operator-guide.md',
    '/mkdocs/..%2F..%2Fpackage.json',
    '/mkdocs/..%2FREADME',
    '/mkdocs/%2e%2e',
    '/mkdocs/assets/..%2F..%2F..%2Fpackage.json',
    '/mkdocs/assets/pico.min.css',
  ])('answers %s with a 404 problem', async (route) => {
    expectProblem(await app.request('GET', route), 404, 'NOT_FOUND');
  });
});

/** The four documentation addresses and their assets, each with a marker of its real content. */
const DOCUMENTATION: [route: string, marker: string][] = [
  ['/openapi.json', '"openapi"'],
  ['/docs', 'swagger-ui'],
  ['/docs/swagger-ui-bundle.js', 'SwaggerUIBundle'],
  ['/redoc', '<redoc spec-url="/auth/openapi.json">'],
  ['/redoc/redoc.standalone.js', 'redoc'],
  ['/mkdocs', 'Keyward documentation'],
  ['/mkdocs/operator-guide', 'db:backup'],
  ['/mkdocs/assets/guides.css', '.guides'],
];

describe('documentation with DOCS_PUBLIC=false', () => {
  let app: TestApp;
  let user: TestUser;
  let apiKey: string;
  beforeAll(async () => {
    app = await TestApp.start({ DOCS_PUBLIC: 'false' });
    user = await app.newUser('reader');
    apiKey = (await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'docs' } })).body.key;
  });
  afterAll(() => app.close());

  it.each(DOCUMENTATION)('answers %s with 401 problem details without credentials', async (route) => {
    expectProblem(await app.request('GET', route), 401, 'UNAUTHENTICATED');
  });

  it.each(DOCUMENTATION)('answers %s with 401 for a wrong token or key', async (route) => {
    expectProblem(await app.request('GET', route, { token: 'not-a-token' }), 401, 'UNAUTHENTICATED');
    expectProblem(await app.request('GET', route, { apiKey: 'kw_not_a_key' }), 401, 'UNAUTHENTICATED');
  });

  it.each(DOCUMENTATION)('serves %s to any user with an access token or an API key', async (route, marker) => {
    for (const credentials of [{ token: user.accessToken }, { apiKey }]) {
      const answer = await app.request('GET', route, credentials);
      expect([route, answer.status]).toEqual([route, 200]);
      expect(answer.text).toContain(marker);
    }
  });

  it('stops serving them to a session once it is logged out', async () => {
    const other = await app.newUser('leaver');
    expect((await app.request('GET', '/mkdocs', { token: other.accessToken })).status).toBe(200);
    expect((await app.request('POST', '/logout', { token: other.accessToken })).status).toBe(204);
    expectProblem(await app.request('GET', '/mkdocs', { token: other.accessToken }), 401, 'UNAUTHENTICATED');
  });

  it('leaves the API alone: public routes stay public, unknown ones 404', async () => {
    expect((await app.request('GET', '/health')).status).toBe(200);
    expect((await app.request('GET', '/ping')).status).toBe(200);
    expectProblem(await app.request('GET', '/docsx'), 404, 'NOT_FOUND');
  });
});

describe('documentation with DOCS_PUBLIC=true (the default)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ DOCS_PUBLIC: 'true' });
  });
  afterAll(() => app.close());

  it.each(DOCUMENTATION)('serves %s without credentials', async (route, marker) => {
    const answer = await app.request('GET', route);
    expect([route, answer.status]).toEqual([route, 200]);
    expect(answer.text).toContain(marker);
  });
});

describe('protected documentation when credentials cannot be checked', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ DOCS_PUBLIC: 'false' });
  });
  afterAll(() => app.close());

  it('fails closed, as the API does: an error answer, never the page', async () => {
    const user = await app.newUser('reader');
    // An API key is checked in the database (a bearer token, on PostgreSQL runs, in Redis).
    const apiKey = (await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'docs' } })).body
      .key;
    const { DataSource } = await import('typeorm');
    await app.app.get(DataSource).destroy();
    const docs = await app.request('GET', '/mkdocs', { apiKey });
    const api = await app.request('GET', '/me', { apiKey });
    expect(docs.status).toBeGreaterThanOrEqual(500);
    expect({ status: docs.status, code: docs.body.code }).toEqual({ status: api.status, code: api.body.code });
    expect(docs.text).not.toContain('Keyward documentation');
  });
});
