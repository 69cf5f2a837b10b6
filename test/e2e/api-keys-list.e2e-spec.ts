import { setTimeout as sleep } from 'node:timers/promises';
import { apiKeys } from '../support/api-keys';
import { expectProblem, TestApp } from '../support/test-app';

describe('own API keys (/auth/api-keys)', () => {
  let app: TestApp;
  const { createKey } = apiKeys(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

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
});
