import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

/** `{"<field>": [[[...1...]]]}` with `levels` nested arrays, as a raw JSON text. */
function nested(field: string, levels: number): string {
  return `{"${field}":${'['.repeat(levels)}1${']'.repeat(levels)}}`;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` as raw bytes and reads the answer until the server closes the connection. */
function rawRequest(baseUrl: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...body] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body.join('\r\n\r\n') });
    });
  });
}

function expectRawProblem(answer: RawAnswer, status: number, code: string): void {
  expect({ status: answer.status, contentType: answer.headers['content-type'] }).toEqual({
    status,
    contentType: 'application/problem+json',
  });
  const problem = JSON.parse(answer.body);
  expect(problem).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.headers['x-request-id']).toBe(problem.requestId);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
}

describe('hostile input: deep nesting and lone surrogates are 400s, never 500s', () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  const password = 'a perfectly fine passphrase';
  const email = () => `h-${randomUUID()}@example.com`;

  describe('JSON nested deeper than 32 levels', () => {
    it.each([
      ['/register', 'email'],
      ['/login', 'email'],
      ['/token', 'password'],
      ['/refresh', 'refreshToken'],
      ['/secrets', 'secret'],
      ['/secrets/abcdefghijklmnopqrstuv', 'passphrase'],
    ])('POST %s with %s nested 5000 levels deep', async (route, field) => {
      const res = await app.request('POST', route, { rawBody: nested(field, 5000) });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field, message: 'must not be nested deeper than 32 levels' }]);
    });

    it('applies to authenticated routes and routes that take no body too', async () => {
      const token = admin.accessToken;
      for (const [method, route] of [
        ['PATCH', '/me'],
        ['POST', '/roles'],
        ['POST', '/resources'],
        ['POST', '/logout-all'],
      ]) {
        expectProblem(
          await app.request(method, route, { token, rawBody: nested('name', 100000) }),
          400,
          'VALIDATION_FAILED',
        );
      }
      expect((await app.request('GET', '/me', { token })).status).toBe(200);
    });

    it('counts objects and arrays alike, from the root: 32 levels pass the guard, 33 do not', async () => {
      const objects = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
      const token = admin.accessToken;
      // 32 levels reach the resource's free-form attributes and are stored; 33 are refused before validation.
      const attributes = (levels: number) => `{"type":"doc","name":"deep","attributes":${objects(levels - 1)}}`;
      expect((await app.request('POST', '/resources', { token, rawBody: attributes(32) })).status).toBe(201);
      const refused = await app.request('POST', '/resources', { token, rawBody: attributes(33) });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([{ field: 'attributes', message: expect.stringContaining('32 levels') }]);
      const arrayRoot = await app.request('POST', '/login', { rawBody: '['.repeat(40) + ']'.repeat(40) });
      expectProblem(arrayRoot, 400, 'VALIDATION_FAILED');
      expect(arrayRoot.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('32 levels') }]);
    });
  });

  describe('lone UTF-16 surrogates', () => {
    it.each([
      ['email', { email: 'a\ud800@example.com', password }],
      ['password', { email: 'lone@example.com', password: `${password}\udfff` }],
      ['name', { email: 'lone@example.com', password, name: '\udc00Ada' }],
    ])('POST /register refuses one in %s, naming the field', async (field, body) => {
      const res = await app.request('POST', '/register', { body });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field, message: 'must not contain lone UTF-16 surrogates' }]);
    });

    it('keeps "\\ud800" and "\\udfff" from being the same password', async () => {
      const address = email();
      const high = await app.request('POST', '/register', { body: { email: address, password: `${password}\ud800` } });
      expectProblem(high, 400, 'VALIDATION_FAILED');
      // Both would have been stored as U+FFFD; now neither is accepted, and a paired surrogate (an emoji) is fine.
      const emoji = `${password} \ud83d\udd11`;
      expect((await app.request('POST', '/register', { body: { email: address, password: emoji } })).status).toBe(201);
      expect((await app.request('POST', '/login', { body: { email: address, password: emoji } })).status).toBe(200);
      const lone = await app.request('POST', '/login', { body: { email: address, password: `${password} \ud83d` } });
      expectProblem(lone, 400, 'VALIDATION_FAILED');
      expect(lone.body.errors).toEqual([{ field: 'password', message: 'must not contain lone UTF-16 surrogates' }]);
    });

    it('POST /login and /token refuse one in email', async () => {
      for (const route of ['/login', '/token']) {
        const res = await app.request('POST', route, { body: { email: '\ud800@example.com', password } });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors).toEqual([{ field: 'email', message: 'must not contain lone UTF-16 surrogates' }]);
      }
    });

    it.each([
      ['email', { email: 'x\udbff@example.com' }],
      ['password', { password: `${password}\udbff` }],
      ['name', { name: '\ud800' }],
    ])('POST /users and PATCH /users/{id} refuse one in %s', async (field, change) => {
      const user = await app.newUser('target');
      const token = admin.accessToken;
      const patched = await app.request('PATCH', `/users/${user.id}`, { token, body: change });
      expectProblem(patched, 400, 'VALIDATION_FAILED');
      expect(patched.body.errors).toEqual([{ field, message: 'must not contain lone UTF-16 surrogates' }]);
      const created = await app.request('POST', '/users', { token, body: { email: email(), password, ...change } });
      expectProblem(created, 400, 'VALIDATION_FAILED');
      expect(created.body.errors).toEqual([{ field, message: 'must not contain lone UTF-16 surrogates' }]);
    });

    it('refuses one in a nested value or in a field name, with the path', async () => {
      const token = admin.accessToken;
      const nestedValue = await app.request('POST', '/resources', {
        token,
        body: { type: 'doc', name: 'n', attributes: { env: ['prod', 'x\ud800'] } },
      });
      expect(nestedValue.body.errors).toEqual([
        { field: 'attributes.env.1', message: 'must not contain lone UTF-16 surrogates' },
      ]);
      const key = await app.request('POST', '/resources', {
        token,
        body: { type: 'doc', name: 'n', attributes: { 'k\udfff': 1 } },
      });
      expectProblem(key, 400, 'VALIDATION_FAILED');
      expect(key.body.errors).toEqual([
        { field: 'attributes.k\udfff', message: 'name must not contain lone UTF-16 surrogates' },
      ]);
    });
  });

  it('refuses a lone surrogate sent in a query string (bytes that are not UTF-8), naming the parameter', async () => {
    const token = admin.accessToken;
    for (const route of ['/users?email=%ED%A0%80', '/users?limit=10&email=a%ED%B3%BFb', '/audit?action=%zz']) {
      const res = await app.request('GET', route, { token });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: route.includes('audit') ? 'action' : 'email', message: 'must be percent-encoded UTF-8' },
      ]);
    }
    expect((await app.request('GET', '/users?email=%F0%9F%94%91', { token })).status).toBe(200);
  });

  it('still refuses NUL characters in deeply nested DTO fields and in query strings', async () => {
    const token = admin.accessToken;
    const body = await app.request('POST', '/resources', {
      token,
      body: { type: 'doc', name: 'n', attributes: { a: { b: ['ok', 'x\u0000y'] } } },
    });
    expectProblem(body, 400, 'VALIDATION_FAILED');
    expect(body.body.errors).toEqual([{ field: 'attributes.a.b.1', message: 'must not contain NUL characters' }]);
    const query = await app.request('GET', '/users?email=a%00b', { token });
    expectProblem(query, 400, 'VALIDATION_FAILED');
    expect(query.body.errors).toEqual([{ field: 'email', message: 'must not contain NUL characters' }]);
  });

  describe("requests Node's HTTP parser refuses, before Fastify sees them", () => {
    it('answers oversized headers with a 431 problem', async () => {
      const huge = 'a'.repeat(20000);
      const answer = await rawRequest(app.baseUrl, `GET /auth/health HTTP/1.1\r\nHost: x\r\nX-Big: ${huge}\r\n\r\n`);
      expectRawProblem(answer, 431, 'HEADERS_TOO_LARGE');
      expect(answer.headers.connection).toBe('close');
    });

    it('answers an over-long URL with the same 431 (the URL counts towards the header limit)', async () => {
      const answer = await rawRequest(app.baseUrl, `GET /auth/health?${'q'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expectRawProblem(answer, 431, 'HEADERS_TOO_LARGE');
    });

    it('answers a Content-Length over the body limit with a 413 problem, without waiting for the body', async () => {
      const request =
        'POST /auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${50 * 1024 * 1024}\r\n\r\n{"email":`;
      const answer = await rawRequest(app.baseUrl, request);
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      const problem = JSON.parse(answer.body);
      expect(problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(answer.headers['x-request-id']).toBe(problem.requestId);
    });

    it.each([
      ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
      ['a header without a colon', 'GET /auth/health HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n'],
      [
        'both Content-Length and chunked Transfer-Encoding (request smuggling)',
        'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      ],
    ])('answers %s with a 400 problem', async (_, request) => {
      expectRawProblem(await rawRequest(app.baseUrl, request), 400, 'MALFORMED_REQUEST');
    });
  });
});
