import { randomUUID } from 'node:crypto';
import { expectProblem, HttpResult, TestApp, TestUser } from '../support/test-app';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('own API keys (/auth/api-keys)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  async function createKey(user: TestUser, body: Record<string, unknown> = { name: 'ci' }): Promise<HttpResult> {
    const created = await app.request('POST', '/api-keys', { token: user.accessToken, body });
    expect(created.status).toBe(201);
    return created;
  }

  /** GET /me with the key: the id it authenticates as, or the status it fails with. */
  async function meWithKey(key: string): Promise<HttpResult> {
    return app.request('GET', '/me', { apiKey: key });
  }

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
        ['active', 'createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix'].sort(),
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

  describe('list', () => {
    it('answers in the list shape, newest first, and pages', async () => {
      const user = await app.newUser();
      const ids: string[] = [];
      for (const name of ['one', 'two', 'three']) {
        ids.push((await createKey(user, { name })).body.id);
        await sleep(5);
      }

      const all = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['items', 'limit', 'offset', 'total']);
      expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(all.body.items.map((k: { name: string }) => k.name)).toEqual(['three', 'two', 'one']);

      const first = await app.request('GET', '/api-keys?limit=2', { token: user.accessToken });
      expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(first.body.items).toHaveLength(2);

      const rest = await app.request('GET', '/api-keys?limit=2&offset=2', { token: user.accessToken });
      expect(rest.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(rest.body.items).toHaveLength(1);

      const seen = [...first.body.items, ...rest.body.items].map((k: { id: string }) => k.id).sort();
      expect(seen).toEqual([...ids].sort());

      const beyond = await app.request('GET', '/api-keys?offset=10', { token: user.accessToken });
      expect(beyond.body).toMatchObject({ items: [], total: 3, offset: 10 });

      expect((await app.request('GET', '/api-keys?limit=200', { token: user.accessToken })).status).toBe(200);
    });

    it('lists only the caller’s keys', async () => {
      const alice = await app.newUser('alice');
      const bob = await app.newUser('bob');
      await createKey(alice, { name: 'alice-key' });
      const bobs = await app.request('GET', '/api-keys', { token: bob.accessToken });
      expect(bobs.body).toMatchObject({ items: [], total: 0 });
    });

    it('rejects bad paging parameters and unknown query parameters', async () => {
      const user = await app.newUser();
      const queries = [
        'limit=0',
        'limit=201',
        'limit=abc',
        'limit=1.5',
        'offset=-1',
        'offset=abc',
        // Offsets no database accepts must be a 400, not a 500.
        'offset=1e20',
        'offset=99999999999999999999',
        // Only plain decimal integers: no exponents, hex or empty values.
        'limit=1e2',
        'limit=0x10',
        'offset=',
        'limit=1&limit=2',
        'sort=name',
      ];
      for (const query of queries) {
        const result = await app.request('GET', `/api-keys?${query}`, { token: user.accessToken });
        expectProblem(result, 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('update', () => {
    it('renames, deactivates and re-activates a key', async () => {
      const user = await app.newUser();
      const created = (await createKey(user, { name: 'before' })).body;

      const renamed = await app.request('PATCH', `/api-keys/${created.id}`, {
        token: user.accessToken,
        body: { name: 'after' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({
        id: created.id,
        name: 'after',
        prefix: created.prefix,
        active: true,
        createdAt: created.createdAt,
        lastUsedAt: null,
        expiresAt: null,
      });

      const deactivated = await app.request('PATCH', `/api-keys/${created.id}`, {
        token: user.accessToken,
        body: { active: false },
      });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body).toMatchObject({ name: 'after', active: false });
      expect(deactivated.body.key).toBeUndefined();
      expectProblem(await meWithKey(created.key), 401, 'UNAUTHENTICATED');

      const listed = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(listed.body.items[0]).toMatchObject({ id: created.id, name: 'after', active: false });

      const reactivated = await app.request('PATCH', `/api-keys/${created.id}`, {
        token: user.accessToken,
        body: { active: true },
      });
      expect(reactivated.status).toBe(200);
      expect(reactivated.body.active).toBe(true);
      expect((await meWithKey(created.key)).status).toBe(200);
    });

    it('validates the update body', async () => {
      const user = await app.newUser();
      const { id, key } = (await createKey(user)).body;
      const patch = (options: { body?: unknown; rawBody?: string }) =>
        app.request('PATCH', `/api-keys/${id}`, { token: user.accessToken, ...options });
      expectProblem(await patch({ body: { active: 'no' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ body: { name: 7 } }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ body: { name: '' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ body: { name: 'a\u0000b' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ body: { key: 'kw_mine' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ rawBody: '{"active":' }), 400, 'VALIDATION_FAILED');
      // The key is untouched.
      expect((await meWithKey(key)).status).toBe(200);
      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.body.items[0]).toMatchObject({ name: 'ci', active: true });
    });
  });

  describe('delete', () => {
    it('deletes a key: it stops working at once and a second delete is 404', async () => {
      const user = await app.newUser();
      const keep = (await createKey(user, { name: 'keep' })).body;
      const drop = (await createKey(user, { name: 'drop' })).body;

      const deleted = await app.request('DELETE', `/api-keys/${drop.id}`, { token: user.accessToken });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectProblem(await meWithKey(drop.key), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('DELETE', `/api-keys/${drop.id}`, { token: user.accessToken }), 404, 'NOT_FOUND');
      expectProblem(
        await app.request('PATCH', `/api-keys/${drop.id}`, { token: user.accessToken, body: { name: 'x' } }),
        404,
        'NOT_FOUND',
      );

      const list = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(list.body.total).toBe(1);
      expect(list.body.items[0].id).toBe(keep.id);
      expect((await meWithKey(keep.key)).status).toBe(200);
    });

    it("treats another user's key as missing", async () => {
      const owner = await app.newUser('owner');
      const intruder = await app.newUser('intruder');
      const created = (await createKey(owner, { name: 'mine' })).body;

      expectProblem(
        await app.request('PATCH', `/api-keys/${created.id}`, {
          token: intruder.accessToken,
          body: { active: false, name: 'stolen' },
        }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await app.request('DELETE', `/api-keys/${created.id}`, { token: intruder.accessToken }),
        404,
        'NOT_FOUND',
      );
      // Also when the intruder authenticates with an API key of their own.
      const intruderKey = (await createKey(intruder)).body.key;
      expectProblem(await app.request('DELETE', `/api-keys/${created.id}`, { apiKey: intruderKey }), 404, 'NOT_FOUND');

      const me = await meWithKey(created.key);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(owner.id);
      const list = await app.request('GET', '/api-keys', { token: owner.accessToken });
      expect(list.body.items).toEqual([expect.objectContaining({ id: created.id, name: 'mine', active: true })]);
    });

    it('answers 404 for ids that are not UUIDs or name nothing', async () => {
      const user = await app.newUser();
      for (const id of ['not-a-uuid', '123', '00000000-0000-0000-0000-000000000000', randomUUID()]) {
        expectProblem(await app.request('DELETE', `/api-keys/${id}`, { token: user.accessToken }), 404, 'NOT_FOUND');
        expectProblem(
          await app.request('PATCH', `/api-keys/${id}`, { token: user.accessToken, body: { name: 'x' } }),
          404,
          'NOT_FOUND',
        );
      }
    });

    it('drops the keys with the account', async () => {
      const user = await app.newUser();
      const { key } = (await createKey(user)).body;
      const deleted = await app.request('DELETE', '/me', {
        token: user.accessToken,
        body: { password: user.password },
      });
      expect(deleted.status).toBe(204);
      expectProblem(await meWithKey(key), 401, 'UNAUTHENTICATED');
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
