import { randomUUID } from 'node:crypto';
import { apiKeys } from '../support/api-keys';
import { expectProblem, TestApp } from '../support/test-app';

describe('own API keys (/auth/api-keys)', () => {
  let app: TestApp;
  const { createKey, meWithKey } = apiKeys(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

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
        permissions: null,
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
});
