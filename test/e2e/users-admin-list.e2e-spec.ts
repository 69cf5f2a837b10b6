import { randomUUID } from 'node:crypto';
import { ISO } from '../support/formats';
import { expectProblem, TestApp } from '../support/test-app';
import { strongPassword, uniqueEmail, USER_FIELDS, usersAdmin } from '../support/users-admin';

describe('user administration (/auth/users)', () => {
  let app: TestApp;
  const { createUser, meStatus } = usersAdmin(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  describe('access', () => {
    it('refuses a normal user with 403 on every route and changes nothing', async () => {
      const user = await app.newUser();
      const other = await app.newUser('other');
      const keyId = randomUUID();
      const calls: [string, string, unknown?][] = [
        ['GET', '/users'],
        ['POST', '/users', { email: uniqueEmail(), password: strongPassword() }],
        ['GET', `/users/${other.id}`],
        ['PATCH', `/users/${other.id}`, { active: false }],
        ['DELETE', `/users/${other.id}`],
        ['PUT', `/users/${user.id}/roles`, { roles: ['admin'] }],
        ['GET', `/users/${other.id}/api-keys`],
        ['POST', `/users/${other.id}/api-keys`, { name: 'x' }],
        ['PATCH', `/users/${other.id}/api-keys/${keyId}`, { active: false }],
        ['DELETE', `/users/${other.id}/api-keys/${keyId}`],
        ['GET', `/users/${other.id}/sessions`],
        ['DELETE', `/users/${other.id}/sessions`],
      ];
      const ownKey = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'mine' } });
      for (const [method, route, body] of calls) {
        expectProblem(await app.request(method, route, { token: user.accessToken, body }), 403, 'FORBIDDEN');
        expectProblem(await app.request(method, route, { apiKey: ownKey.body.key, body }), 403, 'FORBIDDEN');
        expectProblem(await app.request(method, route, { body }), 401, 'UNAUTHENTICATED');
        expectProblem(await app.request(method, route, { body, token: 'forged' }), 401, 'UNAUTHENTICATED');
      }
      // Nothing happened: the other user is still there and logged in, and no one became admin.
      expect(await meStatus({ token: other.accessToken })).toBe(200);
      const me = await app.request('GET', '/me', { token: user.accessToken });
      expect(me.body.roles).toEqual(['user']);
      expect(me.body.permissions).toEqual([]);
    });

    it('lets an admin in with an access token or an API key', async () => {
      const admin = await app.newAdmin();
      expect((await app.request('GET', '/users', { token: admin.accessToken })).status).toBe(200);
      const key = await app.request('POST', '/api-keys', { token: admin.accessToken, body: { name: 'automation' } });
      expect((await app.request('GET', '/users', { apiKey: key.body.key })).status).toBe(200);
    });
  });

  describe('list and get', () => {
    it('filters by any part of the email, case-insensitively, and pages', async () => {
      const admin = await app.newAdmin();
      const tag = randomUUID().slice(0, 13);
      const ids: string[] = [];
      for (const local of ['ann', 'bob', 'cat']) {
        ids.push((await createUser(admin, { email: `${local}.${tag}@example.com` })).id);
      }
      await createUser(admin, { email: uniqueEmail('unrelated') });

      const all = await app.request('GET', `/users?email=${tag.toUpperCase()}`, { token: admin.accessToken });
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['items', 'limit', 'offset', 'total']);
      expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(all.body.items.map((u: { id: string }) => u.id).sort()).toEqual([...ids].sort());
      for (const item of all.body.items) {
        expect(Object.keys(item).sort()).toEqual(USER_FIELDS);
        expect(item.roles).toEqual(['user']);
      }

      const part = await app.request('GET', `/users?email=${encodeURIComponent(`BOB.${tag}@EXAMPLE`)}`, {
        token: admin.accessToken,
      });
      expect(part.body.items.map((u: { id: string }) => u.id)).toEqual([ids[1]]);

      const first = await app.request('GET', `/users?email=${tag}&limit=2`, { token: admin.accessToken });
      expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(first.body.items).toHaveLength(2);
      const rest = await app.request('GET', `/users?email=${tag}&limit=2&offset=2`, { token: admin.accessToken });
      expect(rest.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(rest.body.items).toHaveLength(1);
      expect([...first.body.items, ...rest.body.items].map((u: { id: string }) => u.id).sort()).toEqual(
        [...ids].sort(),
      );

      const none = await app.request('GET', `/users?email=nobody-${randomUUID()}`, { token: admin.accessToken });
      expect(none.body).toMatchObject({ items: [], total: 0 });

      const unfiltered = await app.request('GET', '/users?limit=200', { token: admin.accessToken });
      expect(unfiltered.body.total).toBeGreaterThanOrEqual(5);
    });

    it('treats LIKE wildcards in the filter literally', async () => {
      const admin = await app.newAdmin();
      const tag = randomUUID().slice(0, 8);
      const underscore = await createUser(admin, { email: `a_b.${tag}@example.com` });
      await createUser(admin, { email: `axb.${tag}@example.com` });
      const byUnderscore = await app.request('GET', `/users?email=${encodeURIComponent(`a_b.${tag}`)}`, {
        token: admin.accessToken,
      });
      expect(byUnderscore.body.items.map((u: { id: string }) => u.id)).toEqual([underscore.id]);
      const byPercent = await app.request('GET', `/users?email=${encodeURIComponent(`%.${tag}`)}`, {
        token: admin.accessToken,
      });
      expect(byPercent.body.total).toBe(0);
    });

    it('rejects bad list parameters', async () => {
      const admin = await app.newAdmin();
      const queries = [
        'limit=0',
        'limit=201',
        'limit=abc',
        'offset=-1',
        'offset=99999999999999999999',
        'role=admin',
        `email=${'x'.repeat(321)}`,
        'email=a&email=b',
        'email=%00',
      ];
      for (const query of queries) {
        expectProblem(
          await app.request('GET', `/users?${query}`, { token: admin.accessToken }),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('gets one user and answers 404 for unknown and malformed ids', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('target');
      const got = await app.request('GET', `/users/${user.id}`, { token: admin.accessToken });
      expect(got.status).toBe(200);
      expect(got.body).toEqual({
        id: user.id,
        email: user.email,
        name: 'target',
        active: true,
        emailVerified: false,
        roles: ['user'],
        createdAt: expect.stringMatching(ISO),
      });
      // An upper-case spelling of the id names the same user.
      expect((await app.request('GET', `/users/${user.id.toUpperCase()}`, { token: admin.accessToken })).body.id).toBe(
        user.id,
      );
      for (const id of [randomUUID(), 'not-a-uuid', '1', `${user.id}x`]) {
        expectProblem(await app.request('GET', `/users/${id}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
      }
    });
  });
});
