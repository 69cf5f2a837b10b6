import { ConfigError } from '@keyward/core';
import { loadServiceConfig } from '../../apps/api/src/service-config';
import { TestApp, TestUser } from '../support/test-app';

const ALLOWED = 'https://app.example.com';
const ALSO_ALLOWED = 'http://localhost:3000';
const OTHER = 'https://evil.example.net';

function preflight(app: TestApp, origin: string, route = '/me') {
  return app.request('OPTIONS', route, {
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,x-api-key,content-type',
    },
  });
}

describe('CORS', () => {
  describe('with CORS_ORIGINS set', () => {
    let app: TestApp;
    let user: TestUser;
    beforeAll(async () => {
      app = await TestApp.start({ CORS_ORIGINS: ` ${ALLOWED}, ${ALSO_ALLOWED} ` });
      user = await app.newUser('cors');
    });
    afterAll(() => app.close());

    it('lets a listed origin read answers, errors included, without credentials mode', async () => {
      for (const origin of [ALLOWED, ALSO_ALLOWED]) {
        const me = await app.request('GET', '/me', { token: user.accessToken, headers: { origin } });
        expect(me.status).toBe(200);
        expect(me.headers.get('access-control-allow-origin')).toBe(origin);
        expect(me.headers.get('vary')).toMatch(/origin/i);
        expect(me.headers.get('access-control-allow-credentials')).toBeNull();
        expect(me.headers.get('access-control-expose-headers')).toMatch(/x-request-id/i);
      }
      const refused = await app.request('GET', '/me', { headers: { origin: ALLOWED } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    });

    it('answers a preflight for Authorization, X-Api-Key and Content-Type from a listed origin', async () => {
      const res = await preflight(app, ALLOWED);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      const allowedHeaders = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'content-type']));
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('gives any other origin no Access-Control-Allow-Origin, on answers and preflights', async () => {
      const me = await app.request('GET', '/me', { token: user.accessToken, headers: { origin: OTHER } });
      expect(me.status).toBe(200);
      expect(me.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await preflight(app, OTHER);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      // A look-alike of a listed origin is another origin.
      const lookalike = await preflight(app, `${ALLOWED}.evil.example.net`);
      expect(lookalike.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('without CORS_ORIGINS', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await TestApp.start();
    });
    afterAll(() => app.close());

    it('sends no CORS header at all, whatever the origin', async () => {
      const res = await app.request('GET', '/health', { headers: { origin: ALLOWED } });
      expect(res.status).toBe(200);
      const pre = await preflight(app, ALLOWED, '/health');
      for (const headers of [res.headers, pre.headers])
        expect([...headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    });
  });

  it.each([
    ['a host without a scheme', 'app.example.com'],
    ['a path', 'https://app.example.com/'],
    ['a wildcard', '*'],
    ['a second entry that is no origin', `${ALLOWED},ftp://files.example.com`],
  ])('refuses %s at start, naming CORS_ORIGINS', (_, value) => {
    const attempt = () => loadServiceConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), CORS_ORIGINS: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /^Invalid configuration: CORS_ORIGINS: .+ is not an origin such as https:\/\/app\.example\.com/,
    );
  });
});
