import { setTimeout as sleep } from 'node:timers/promises';
import { apiKeys } from '../support/api-keys';
import { ISO, UUID } from '../support/formats';
import { expectProblem, TestApp } from '../support/test-app';

describe('own API keys (/auth/api-keys)', () => {
  let app: TestApp;
  const { createKey, meWithKey } = apiKeys(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  describe('create', () => {
    it('returns the key once; the key authenticates; lists never show it and record its use', async () => {
      const user = await app.newUser();
      const before = Date.now();
      const created = await createKey(user, { name: '  ci pipeline  ' });
      expect(created.body).toEqual({
        id: expect.stringMatching(UUID),
        name: 'ci pipeline',
        prefix: expect.stringMatching(/^kw_/),
        active: true,
        createdAt: expect.stringMatching(ISO),
        lastUsedAt: null,
        expiresAt: null,
        permissions: null,
        key: expect.any(String),
      });
      const { key, prefix, id } = created.body;
      expect(key.startsWith(prefix)).toBe(true);
      expect(key.length).toBeGreaterThanOrEqual(40);
      expect(prefix.length).toBeLessThan(key.length);
      const createdAt = Date.parse(created.body.createdAt);
      expect(createdAt).toBeGreaterThanOrEqual(before - 1000);
      expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000);

      const me = await meWithKey(key);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
      expect(me.body.email).toBe(user.email);

      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
      const [listed] = list.body.items;
      expect(Object.keys(listed).sort()).toEqual(
        ['active', 'createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'permissions', 'prefix'].sort(),
      );
      expect(listed).toMatchObject({ id, name: 'ci pipeline', prefix, active: true, expiresAt: null });
      expect(listed.createdAt).toBe(created.body.createdAt);
      expect(listed.lastUsedAt).toMatch(ISO);
      expect(Date.parse(listed.lastUsedAt)).toBeGreaterThanOrEqual(createdAt);
      expect(list.text).not.toContain(key);
      // Nor any long piece of the secret part beyond the visible prefix.
      expect(list.text).not.toContain(key.slice(prefix.length, prefix.length + 16));
    });

    it('authenticates the owner with the key on other routes, including managing keys', async () => {
      const user = await app.newUser();
      const { key } = (await createKey(user)).body;
      const list = await app.request('GET', '/api-keys', { apiKey: key });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
      const second = await app.request('POST', '/api-keys', { apiKey: key, body: { name: 'second' } });
      expect(second.status).toBe(201);
      expect(second.body.key).not.toBe(key);
      expect((await meWithKey(second.body.key)).body.id).toBe(user.id);
    });

    it('accepts an expiry in the future and returns it as given', async () => {
      const user = await app.newUser();
      const expiresAt = new Date(Date.now() + 60_000).toISOString();
      const created = await createKey(user, { name: 'soon', expiresAt });
      expect(created.body.expiresAt).toBe(expiresAt);
      expect((await meWithKey(created.body.key)).status).toBe(200);
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.body.items[0].expiresAt).toBe(expiresAt);
    });

    it('stops accepting a key once it has expired', async () => {
      const user = await app.newUser();
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const { key } = (await createKey(user, { name: 'short-lived', expiresAt })).body;
      expect((await meWithKey(key)).status).toBe(200);
      await sleep(2000);
      expectProblem(await meWithKey(key), 401, 'UNAUTHENTICATED');
      // Still listed (it is the owner's to delete), just no longer usable.
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.body.total).toBe(1);
    });

    it('rejects an expiry in the past or now, and non-dates', async () => {
      const user = await app.newUser();
      for (const expiresAt of [new Date(Date.now() - 60_000).toISOString(), '2001-01-01T00:00:00Z']) {
        const result = await app.request('POST', '/api-keys', {
          token: user.accessToken,
          body: { name: 'past', expiresAt },
        });
        expectProblem(result, 400, 'VALIDATION_FAILED');
        expect(result.body.errors).toEqual([{ field: 'expiresAt', message: expect.any(String) }]);
      }
      // Only ISO 8601 date-times with a time zone: no epoch numbers, guesses, impossible days or years past 9999.
      const notIso = [
        'tomorrow',
        12345,
        4102444800000,
        true,
        {},
        [],
        '',
        '2100',
        '2100-01-01',
        'March 7, 2100',
        '2100-01-01T00:00:00',
        '2100-02-30T00:00:00Z',
        '2100-13-01T00:00:00Z',
        '2100-01-01T25:00:00Z',
        '+010000-01-01T00:00:00.000Z',
      ];
      for (const expiresAt of notIso) {
        const result = await app.request('POST', '/api-keys', {
          token: user.accessToken,
          body: { name: 'bad', expiresAt },
        });
        expectProblem(result, 400, 'VALIDATION_FAILED');
      }
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(0);
    });

    it('accepts time-zone offsets and the latest four-digit year, and lists them back in UTC', async () => {
      const user = await app.newUser();
      const offset = await createKey(user, { name: 'offset', expiresAt: '2100-01-01T00:00:00+02:00' });
      expect(offset.body.expiresAt).toBe('2099-12-31T22:00:00.000Z');
      const latest = await createKey(user, { name: 'latest', expiresAt: '9999-12-31T23:59:59.999Z' });
      expect(latest.body.expiresAt).toBe('9999-12-31T23:59:59.999Z');
      expect((await meWithKey(latest.body.key)).status).toBe(200);
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.status).toBe(200);
      expect(list.body.items.map((k: { expiresAt: string }) => k.expiresAt).sort()).toEqual([
        '2099-12-31T22:00:00.000Z',
        '9999-12-31T23:59:59.999Z',
      ]);
    });

    it('validates the body and answers problem details, never 500', async () => {
      const user = await app.newUser();
      const post = (options: { body?: unknown; rawBody?: string }) =>
        app.request('POST', '/api-keys', { token: user.accessToken, ...options });

      const missing = await post({ body: {} });
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      expect(missing.body.errors).toEqual(expect.arrayContaining([{ field: 'name', message: expect.any(String) }]));

      const wrongType = await post({ body: { name: 42 } });
      expectProblem(wrongType, 400, 'VALIDATION_FAILED');
      expect(wrongType.body.errors[0].field).toBe('name');

      expectProblem(await post({ body: { name: '   ' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ body: { name: 'x'.repeat(101) } }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ body: { name: null } }), 400, 'VALIDATION_FAILED');
      // PostgreSQL text cannot hold U+0000; it must be refused as input, not fail in the database.
      expectProblem(await post({ body: { name: 'nul\u0000byte' } }), 400, 'VALIDATION_FAILED');

      const unknown = await post({ body: { name: 'ok', scopes: ['all'] } });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'scopes' })]));

      expectProblem(await post({ rawBody: '{bad' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ rawBody: '["name"]' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ rawBody: '"name"' }), 400, 'VALIDATION_FAILED');
      expectProblem(await post({ rawBody: 'null' }), 400, 'VALIDATION_FAILED');

      const huge = await post({ rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
      expectProblem(huge, 413, 'PAYLOAD_TOO_LARGE');

      // None of that created anything.
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.body.total).toBe(0);
    });
  });

  describe('authentication', () => {
    it('requires credentials on every route', async () => {
      const user = await app.newUser();
      const { id } = (await createKey(user)).body;
      const calls: [string, string, unknown?][] = [
        ['GET', '/api-keys'],
        ['POST', '/api-keys', { name: 'x' }],
        ['PATCH', `/api-keys/${id}`, { active: false }],
        ['DELETE', `/api-keys/${id}`],
      ];
      for (const [method, route, body] of calls) {
        expectProblem(await app.request(method, route, { body }), 401, 'UNAUTHENTICATED');
        expectProblem(await app.request(method, route, { body, apiKey: 'kw_wrong' }), 401, 'UNAUTHENTICATED');
        expectProblem(await app.request(method, route, { body, token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
      }
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.body.items).toEqual([expect.objectContaining({ id, active: true })]);
    });

    it('rejects wrong, tampered and oversized API keys', async () => {
      const user = await app.newUser();
      const { key } = (await createKey(user)).body;
      const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      for (const candidate of ['kw_wrong', tampered, key.slice(0, -1), `${key}x`, 'x'.repeat(300)]) {
        expectProblem(await meWithKey(candidate), 401, 'UNAUTHENTICATED');
      }
      expect((await meWithKey(key)).status).toBe(200);
    });
  });
});
