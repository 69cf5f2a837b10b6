import { randomUUID } from 'node:crypto';
import { ISO, UUID } from '../support/formats';
import { expectProblem, TestApp } from '../support/test-app';
import { usersAdmin } from '../support/users-admin';

describe('user administration (/auth/users)', () => {
  let app: TestApp;
  const { meStatus } = usersAdmin(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  describe("a user's API keys", () => {
    it('lists, creates, updates and deletes keys of that user only', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('keyholder');
      const base = `/users/${user.id}/api-keys`;

      const empty = await app.request('GET', base, { token: admin.accessToken });
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });

      const created = await app.request('POST', base, { token: admin.accessToken, body: { name: 'deploy' } });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(UUID),
        name: 'deploy',
        prefix: expect.stringMatching(/^kw_/),
        active: true,
        createdAt: expect.stringMatching(ISO),
        lastUsedAt: null,
        expiresAt: null,
        permissions: null,
        key: expect.stringMatching(/^kw_/),
      });
      const { id: keyId, key } = created.body;
      // The key belongs to the user, not to the admin who made it.
      expect((await app.request('GET', '/me', { apiKey: key })).body.id).toBe(user.id);
      const own = await app.request('GET', '/api-keys', { token: user.accessToken });
      expect(own.body.items.map((k: { id: string }) => k.id)).toEqual([keyId]);
      const admins = await app.request('GET', '/api-keys', { token: admin.accessToken });
      expect(admins.body.total).toBe(0);

      await app.request('POST', base, { token: admin.accessToken, body: { name: 'second' } });
      const listed = await app.request('GET', `${base}?limit=1`, { token: admin.accessToken });
      expect(listed.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
      expect(listed.body.items).toHaveLength(1);
      const all = await app.request('GET', base, { token: admin.accessToken });
      expect(all.text).not.toContain(key);
      expect(all.body.items.find((k: { id: string }) => k.id === keyId).lastUsedAt).toMatch(ISO);

      const off = await app.request('PATCH', `${base}/${keyId}`, {
        token: admin.accessToken,
        body: { active: false, name: 'deploy (off)' },
      });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: keyId, name: 'deploy (off)', active: false });
      expect(off.body.key).toBeUndefined();
      expectProblem(await app.request('GET', '/me', { apiKey: key }), 401, 'UNAUTHENTICATED');
      const on = await app.request('PATCH', `${base}/${keyId}`, { token: admin.accessToken, body: { active: true } });
      expect(on.body.active).toBe(true);
      expect(await meStatus({ apiKey: key })).toBe(200);

      const deleted = await app.request('DELETE', `${base}/${keyId}`, { token: admin.accessToken });
      expect(deleted.status).toBe(204);
      expectProblem(await app.request('GET', '/me', { apiKey: key }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('DELETE', `${base}/${keyId}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
      expect((await app.request('GET', base, { token: admin.accessToken })).body.total).toBe(1);
    });

    it("treats another user's key as missing", async () => {
      const admin = await app.newAdmin();
      const owner = await app.newUser('owner');
      const other = await app.newUser('other');
      const key = await app.request('POST', '/api-keys', { token: owner.accessToken, body: { name: 'owned' } });
      const wrongPath = `/users/${other.id}/api-keys/${key.body.id}`;

      expectProblem(
        await app.request('PATCH', wrongPath, { token: admin.accessToken, body: { active: false } }),
        404,
        'NOT_FOUND',
      );
      expectProblem(await app.request('DELETE', wrongPath, { token: admin.accessToken }), 404, 'NOT_FOUND');
      const others = await app.request('GET', `/users/${other.id}/api-keys`, { token: admin.accessToken });
      expect(others.body.total).toBe(0);

      expect((await app.request('GET', '/me', { apiKey: key.body.key })).body.id).toBe(owner.id);
      const owners = await app.request('GET', `/users/${owner.id}/api-keys`, { token: admin.accessToken });
      expect(owners.body.items).toEqual([expect.objectContaining({ id: key.body.id, name: 'owned', active: true })]);
    });

    it('validates input and answers 404 for unknown users and keys', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('validated');
      const base = `/users/${user.id}/api-keys`;
      expectProblem(await app.request('POST', base, { token: admin.accessToken, body: {} }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await app.request('POST', base, {
          token: admin.accessToken,
          body: { name: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await app.request('GET', `${base}?limit=0`, { token: admin.accessToken }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await app.request('GET', base, { token: admin.accessToken })).body.total).toBe(0);

      const missingUser = `/users/${randomUUID()}/api-keys`;
      expectProblem(await app.request('GET', missingUser, { token: admin.accessToken }), 404, 'NOT_FOUND');
      expectProblem(
        await app.request('POST', missingUser, { token: admin.accessToken, body: { name: 'x' } }),
        404,
        'NOT_FOUND',
      );
      for (const keyId of [randomUUID(), 'not-a-uuid']) {
        expectProblem(
          await app.request('PATCH', `${base}/${keyId}`, { token: admin.accessToken, body: { name: 'x' } }),
          404,
          'NOT_FOUND',
        );
        expectProblem(await app.request('DELETE', `${base}/${keyId}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
      }
    });
  });

  describe("a user's sessions", () => {
    it('lists the live sessions and revokes them all', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('sessions');
      const logins: { accessToken: string; refreshToken: string; sessionId: string }[] = [];
      for (const agent of ['e2e-agent/1', 'e2e-agent/2']) {
        const login = await app.request('POST', '/login', {
          body: { email: user.email, password: user.password },
          headers: { 'user-agent': agent },
        });
        expect(login.status).toBe(200);
        logins.push(login.body);
      }
      const key = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'survives' } });

      const listed = await app.request('GET', `/users/${user.id}/sessions`, { token: admin.accessToken });
      expect(listed.status).toBe(200);
      expect(Object.keys(listed.body).sort()).toEqual(['items', 'limit', 'offset', 'total']);
      expect(listed.body.total).toBe(3);
      expect(listed.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
        [user.sessionId, ...logins.map((l) => l.sessionId)].sort(),
      );
      for (const session of listed.body.items) {
        expect(session).toEqual({
          id: expect.stringMatching(UUID),
          createdAt: expect.stringMatching(ISO),
          lastSeenAt: expect.stringMatching(ISO),
          expiresAt: expect.stringMatching(ISO),
          ip: expect.any(String),
          userAgent: expect.any(String),
          current: false,
        });
        expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      }
      const agents = listed.body.items.map((s: { userAgent: string }) => s.userAgent);
      expect(agents).toEqual(expect.arrayContaining(['e2e-agent/1', 'e2e-agent/2']));
      // Only that user's sessions: the admin's own is not among them.
      expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(admin.sessionId);

      const paged = await app.request('GET', `/users/${user.id}/sessions?limit=1&offset=1`, {
        token: admin.accessToken,
      });
      expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(paged.body.items).toHaveLength(1);

      const revoked = await app.request('DELETE', `/users/${user.id}/sessions`, { token: admin.accessToken });
      expect(revoked.status).toBe(204);
      for (const token of [user.accessToken, ...logins.map((l) => l.accessToken)]) {
        expectProblem(await app.request('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
      }
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: logins[0].refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      const after = await app.request('GET', `/users/${user.id}/sessions`, { token: admin.accessToken });
      expect(after.body).toMatchObject({ items: [], total: 0 });
      // The admin is untouched, and the user may simply log in again.
      expect(await meStatus({ token: admin.accessToken })).toBe(200);
      const again = await app.login(user.email, user.password);
      expect(await meStatus({ token: again.accessToken })).toBe(200);
      expect(await meStatus({ apiKey: key.body.key })).toBe(200);
    });

    it('answers 404 for unknown users and validates paging', async () => {
      const admin = await app.newAdmin();
      for (const id of [randomUUID(), 'not-a-uuid']) {
        expectProblem(
          await app.request('GET', `/users/${id}/sessions`, { token: admin.accessToken }),
          404,
          'NOT_FOUND',
        );
        expectProblem(
          await app.request('DELETE', `/users/${id}/sessions`, { token: admin.accessToken }),
          404,
          'NOT_FOUND',
        );
      }
      expectProblem(
        await app.request('GET', `/users/${admin.id}/sessions?limit=201`, { token: admin.accessToken }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });
});
