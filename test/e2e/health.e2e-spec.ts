import { expectProblem, TestApp } from '../support/test-app';

describe('health, docs and conventions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('answers liveness and readiness with per-dependency status', async () => {
    expect((await app.request('GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await app.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.checks.database.status).toBe('up');
    expect(ready.body.checks.sessionStore.status).toBe('up');
  });

  it('answers GET /ping with the JSON string "pong", as the original sign-file service did', async () => {
    const ping = await app.request('GET', '/ping');
    expect(ping.status).toBe(200);
    expect(ping.headers.get('content-type')).toBe('application/json');
    expect(ping.text).toBe('"pong"');
    expect(ping.body).toBe('pong');
  });

  it('echoes a valid X-Request-Id and replaces an invalid one', async () => {
    const echoed = await app.request('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await app.request('GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a problem', async () => {
    expectProblem(await app.request('GET', '/no-such-route'), 404, 'NOT_FOUND');
  });

  it('serves the OpenAPI document with both security schemes and every identity route', async () => {
    const doc = await app.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    const paths = Object.keys(doc.body.paths);
    for (const route of [
      '/auth/register',
      '/auth/login',
      '/auth/login/mfa',
      '/auth/token',
      '/auth/refresh',
      '/auth/me',
      '/auth/users/{id}/roles',
    ]) {
      expect(paths).toContain(route);
    }
    expect(doc.body.components.schemas.ProblemDto).toBeDefined();
  });

  it('documents every operation: summary, success response, problems, and security unless public', async () => {
    const doc = (await app.request('GET', '/openapi.json')).body;
    const publicRoutes = new Set([
      '/auth/register',
      '/auth/login',
      '/auth/login/mfa',
      '/auth/token',
      '/auth/refresh',
      '/auth/health',
      '/auth/health/ready',
      '/auth/ping',
      '/auth/signing-keys/{keyid}/public',
      '/auth/secrets/{secretKey}',
      '/auth/passkeys/authentication/options',
      '/auth/passkeys/authentication',
      '/auth/email/verify',
      '/auth/password/forgot',
      '/auth/password/reset',
      '/auth/account-links.js',
      '/auth/.well-known/jwks.json',
    ]);
    const operations = Object.entries(doc.paths).flatMap(([route, methods]) =>
      Object.entries(methods as Record<string, any>).map(([method, op]) => ({ route, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const { route, method, op } of operations) {
      const where = `${method.toUpperCase()} ${route}`;
      expect([where, typeof op.summary]).toEqual([where, 'string']);
      const statuses = Object.keys(op.responses);
      expect([where, statuses.some((s) => s.startsWith('2'))]).toEqual([where, true]);
      if (!publicRoutes.has(route)) {
        expect([where, op.security?.length > 0]).toEqual([where, true]);
        expect([where, statuses.includes('401')]).toEqual([where, true]);
      }
      if (op.requestBody) {
        const multipart = ['/auth/sign', '/auth/sign-batch', '/auth/verify'].includes(route);
        const bodyType = multipart ? 'multipart/form-data' : 'application/json';
        expect([where, Object.keys(op.requestBody.content)]).toEqual([where, [bodyType]]);
        expect([where, statuses.includes('400')]).toEqual([where, true]);
      }
    }
  });

  it('serves Swagger UI and ReDoc', async () => {
    const swagger = await app.request('GET', '/docs');
    expect(swagger.status).toBe(200);
    expect(swagger.text).toContain('swagger');
    const redoc = await app.request('GET', '/redoc');
    expect(redoc.text).toContain('<redoc spec-url="/auth/openapi.json">');
    expect((await app.request('GET', '/redoc/redoc.standalone.js')).status).toBe(200);
  });
});

describe('readiness when a dependency is down', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('answers 503 naming the dependency, while liveness stays 200', async () => {
    const { DataSource } = await import('typeorm');
    await app.app.get(DataSource).destroy();
    const ready = await app.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unavailable');
    expect(ready.body.checks.database.status).toBe('down');
    expect((await app.request('GET', '/health')).status).toBe(200);
  });
});
