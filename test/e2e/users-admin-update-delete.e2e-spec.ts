import { randomUUID } from 'node:crypto';
import { expectProblem, HttpResult, TestApp, TestUser } from '../support/test-app';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USER_FIELDS = ['active', 'createdAt', 'email', 'id', 'name', 'roles'];

/** A problem body without its per-request part, to compare two failures. */
function withoutRequestId(result: HttpResult): Record<string, unknown> {
  const { requestId, ...rest } = result.body as Record<string, unknown>;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

interface CreatedUser {
  id: string;
  email: string;
  name: string | null;
  active: boolean;
  roles: string[];
  createdAt: string;
  apiKey: { id: string; name: string; prefix: string; key: string };
}

describe('user administration (/auth/users)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  const uniqueEmail = (prefix = 'managed') => `${prefix}-${randomUUID()}@example.com`;
  const strongPassword = () => `correct horse ${randomUUID()}`;

  async function createUser(
    admin: TestUser,
    body: Record<string, unknown> = {},
  ): Promise<{ id: string; email: string; password: string; apiKey: string; body: CreatedUser }> {
    const email = (body.email as string | undefined) ?? uniqueEmail();
    const password = (body.password as string | undefined) ?? strongPassword();
    const created = await app.request('POST', '/users', {
      token: admin.accessToken,
      body: { ...body, email, password },
    });
    expect(created.status).toBe(201);
    return {
      id: created.body.id,
      email: created.body.email,
      password,
      apiKey: created.body.apiKey.key,
      body: created.body,
    };
  }

  /** The status GET /me answers with this access token or API key. */
  async function meStatus(credentials: { token?: string; apiKey?: string }): Promise<number> {
    return (await app.request('GET', '/me', credentials)).status;
  }

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

  describe('create', () => {
    it('creates a user with roles and a first API key that authenticates as them', async () => {
      const admin = await app.newAdmin();
      const email = uniqueEmail('grace');
      const password = strongPassword();
      const before = Date.now();
      const created = await app.request('POST', '/users', {
        token: admin.accessToken,
        body: { email: `  ${email.toUpperCase()} `, password, name: 'Grace', roles: ['user', 'signer'] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(UUID),
        email,
        name: 'Grace',
        active: true,
        roles: ['signer', 'user'],
        createdAt: expect.stringMatching(ISO),
        apiKey: {
          id: expect.stringMatching(UUID),
          name: expect.any(String),
          prefix: expect.stringMatching(/^kw_/),
          key: expect.any(String),
        },
      });
      expect(Date.parse(created.body.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      const { key, prefix } = created.body.apiKey;
      expect(key.startsWith(prefix)).toBe(true);
      expect(key.length).toBeGreaterThanOrEqual(40);
      expect(created.text).not.toContain(password);

      const me = await app.request('GET', '/me', { apiKey: key });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: created.body.id, email, name: 'Grace', roles: ['signer', 'user'] });
      expect(me.body.permissions).toContain('signing:sign');
      expect(me.body.permissions).not.toContain('users:read');

      const fetched = await app.request('GET', `/users/${created.body.id}`, { token: admin.accessToken });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual({ ...created.body, apiKey: undefined });
      expect(Object.keys(fetched.body).sort()).toEqual(USER_FIELDS);
      expect(fetched.text).not.toContain(key);

      const keys = await app.request('GET', `/users/${created.body.id}/api-keys`, { token: admin.accessToken });
      expect(keys.body.items).toEqual([expect.objectContaining({ id: created.body.apiKey.id, prefix, active: true })]);
      expect(keys.text).not.toContain(key);

      // The new user can also log in with the password the admin set.
      const session = await app.login(email, password);
      expect((await app.request('GET', '/me', { token: session.accessToken })).body.id).toBe(created.body.id);
    });

    it('gives the user role by default and lets the user log in', async () => {
      const admin = await app.newAdmin();
      const created = await createUser(admin);
      expect(created.body).toMatchObject({ name: null, active: true, roles: ['user'] });
      const session = await app.login(created.email, created.password);
      const me = await app.request('GET', '/me', { token: session.accessToken });
      expect(me.body).toMatchObject({ id: created.id, roles: ['user'], permissions: [] });
    });

    it('rejects unknown roles, taken emails and weak passwords without creating anyone', async () => {
      const admin = await app.newAdmin();
      const tag = randomUUID();
      const post = (body: Record<string, unknown>) => app.request('POST', '/users', { token: admin.accessToken, body });

      const unknownRole = await post({
        email: `role-${tag}@example.com`,
        password: strongPassword(),
        roles: ['wizard'],
      });
      expectProblem(unknownRole, 400, 'VALIDATION_FAILED');
      expect(unknownRole.body.errors).toEqual([{ field: 'roles', message: expect.stringContaining('wizard') }]);
      expectProblem(
        await post({ email: `role-${tag}@example.com`, password: strongPassword(), roles: ['user', 'Bad Role'] }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await post({ email: `role-${tag}@example.com`, password: strongPassword(), roles: 'admin' }),
        400,
        'VALIDATION_FAILED',
      );

      const existing = await createUser(admin, { email: `taken-${tag}@example.com` });
      const taken = await post({ email: `  TAKEN-${tag}@Example.COM  `, password: strongPassword() });
      expectProblem(taken, 409, 'EMAIL_TAKEN');

      for (const password of ['password123', 'short', `weak-${tag}@example.com`]) {
        expectProblem(await post({ email: `weak-${tag}@example.com`, password }), 400, 'WEAK_PASSWORD');
      }

      expectProblem(await post({ email: 'not-an-email', password: strongPassword() }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await post({ email: `nul-${tag}@example.com`, password: strongPassword(), name: 'a\u0000b' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await post({ password: strongPassword() }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await post({ email: `extra-${tag}@example.com`, password: strongPassword(), admin: true }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await app.request('POST', '/users', { token: admin.accessToken, rawBody: '{"email":' }),
        400,
        'VALIDATION_FAILED',
      );

      // Only the one deliberate account carries the tag.
      const listed = await app.request('GET', `/users?email=${tag}`, { token: admin.accessToken });
      expect(listed.body.total).toBe(1);
      expect(listed.body.items[0].id).toBe(existing.id);
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

  describe('update', () => {
    it('changes name and email; the user logs in with the new email only', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('before');
      const newEmail = uniqueEmail('renamed');
      const patched = await app.request('PATCH', `/users/${user.id}`, {
        token: admin.accessToken,
        body: { name: 'After', email: ` ${newEmail.toUpperCase()} ` },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        id: user.id,
        name: 'After',
        email: newEmail,
        active: true,
        roles: ['user'],
      });
      expect(Object.keys(patched.body).sort()).toEqual(USER_FIELDS);

      const fetched = await app.request('GET', `/users/${user.id}`, { token: admin.accessToken });
      expect(fetched.body).toMatchObject({ name: 'After', email: newEmail });
      const me = await app.request('GET', '/me', { token: user.accessToken });
      expect(me.body).toMatchObject({ name: 'After', email: newEmail });
      // A profile change alone leaves sessions alone.
      expect(me.status).toBe(200);

      expect((await app.request('POST', '/login', { body: { email: newEmail, password: user.password } })).status).toBe(
        200,
      );
      expectProblem(
        await app.request('POST', '/login', { body: { email: user.email, password: user.password } }),
        401,
        'INVALID_CREDENTIALS',
      );

      const cleared = await app.request('PATCH', `/users/${user.id}`, {
        token: admin.accessToken,
        body: { name: null },
      });
      expect(cleared.body.name).toBeNull();
      // The same email again (its own) is no conflict.
      const same = await app.request('PATCH', `/users/${user.id}`, {
        token: admin.accessToken,
        body: { email: newEmail },
      });
      expect(same.status).toBe(200);
    });

    it('deactivation cuts off sessions, login and API keys at once; re-activation lets the user back in', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('deactivated');
      const key = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'cli' } });
      expect(await meStatus({ apiKey: key.body.key })).toBe(200);

      const off = await app.request('PATCH', `/users/${user.id}`, {
        token: admin.accessToken,
        body: { active: false },
      });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);

      expectProblem(await app.request('GET', '/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('GET', '/me', { apiKey: key.body.key }), 401, 'UNAUTHENTICATED');
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: user.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );

      const disabled = await app.request('POST', '/login', { body: { email: user.email, password: user.password } });
      expectProblem(disabled, 401, 'INVALID_CREDENTIALS');
      const wrong = await app.request('POST', '/login', { body: { email: user.email, password: 'wrong password!' } });
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      expect(withoutRequestId(disabled)).toEqual(withoutRequestId(wrong));

      const listed = await app.request('GET', `/users?email=${encodeURIComponent(user.email)}`, {
        token: admin.accessToken,
      });
      expect(listed.body.items).toEqual([expect.objectContaining({ id: user.id, active: false })]);

      const on = await app.request('PATCH', `/users/${user.id}`, { token: admin.accessToken, body: { active: true } });
      expect(on.body.active).toBe(true);
      const session = await app.login(user.email, user.password);
      expect(await meStatus({ token: session.accessToken })).toBe(200);
      expect(await meStatus({ apiKey: key.body.key })).toBe(200);
      // The sessions revoked by the deactivation stay revoked.
      expect(await meStatus({ token: user.accessToken })).toBe(401);
    });

    it('a new password revokes sessions; only the new password logs in', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('reset');
      const second = await app.login(user.email, user.password);
      const newPassword = strongPassword();

      const patched = await app.request('PATCH', `/users/${user.id}`, {
        token: admin.accessToken,
        body: { password: newPassword },
      });
      expect(patched.status).toBe(200);
      expect(patched.text).not.toContain(newPassword);

      expect(await meStatus({ token: user.accessToken })).toBe(401);
      expect(await meStatus({ token: second.accessToken })).toBe(401);
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: second.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectProblem(
        await app.request('POST', '/login', { body: { email: user.email, password: user.password } }),
        401,
        'INVALID_CREDENTIALS',
      );
      const fresh = await app.login(user.email, newPassword);
      expect(await meStatus({ token: fresh.accessToken })).toBe(200);
    });

    it('refuses a weak password and leaves the account as it was', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('keeps');
      for (const password of ['password123', 'short']) {
        expectProblem(
          await app.request('PATCH', `/users/${user.id}`, { token: admin.accessToken, body: { password } }),
          400,
          'WEAK_PASSWORD',
        );
      }
      expect(await meStatus({ token: user.accessToken })).toBe(200);
      expect((await app.login(user.email, user.password)).accessToken).toEqual(expect.any(String));
    });

    it('refuses an email that another account has, and other bad input', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('first');
      const other = await app.newUser('second');
      expectProblem(
        await app.request('PATCH', `/users/${user.id}`, {
          token: admin.accessToken,
          body: { email: ` ${other.email.toUpperCase()} `, name: 'Should not stick' },
        }),
        409,
        'EMAIL_TAKEN',
      );
      const unchanged = await app.request('GET', `/users/${user.id}`, { token: admin.accessToken });
      expect(unchanged.body).toMatchObject({ email: user.email, name: 'first' });

      const patch = (body: unknown) => app.request('PATCH', `/users/${user.id}`, { token: admin.accessToken, body });
      expectProblem(await patch({ email: 'nope' }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ active: 'false' }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ roles: ['admin'] }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ name: 5 }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ name: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
      // email and password may be left out, but not set to null.
      expectProblem(await patch({ email: null }), 400, 'VALIDATION_FAILED');
      expectProblem(await patch({ password: null }), 400, 'VALIDATION_FAILED');
      expect(await meStatus({ token: user.accessToken })).toBe(200);
      expect((await app.request('GET', '/me', { token: user.accessToken })).body.roles).toEqual(['user']);

      for (const id of [randomUUID(), 'nope']) {
        expectProblem(
          await app.request('PATCH', `/users/${id}`, { token: admin.accessToken, body: { name: 'x' } }),
          404,
          'NOT_FOUND',
        );
      }
    });
  });

  describe('roles', () => {
    it('replaces roles; the permissions follow at once', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('promoted');
      expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');

      const promoted = await app.request('PUT', `/users/${user.id}/roles`, {
        token: admin.accessToken,
        body: { roles: ['user', 'admin', 'admin'] },
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ id: user.id, roles: ['admin', 'user'] });
      expect(Object.keys(promoted.body).sort()).toEqual(USER_FIELDS);
      expect((await app.request('GET', `/users/${user.id}`, { token: admin.accessToken })).body.roles).toEqual([
        'admin',
        'user',
      ]);
      // The same access token now carries the new permissions.
      expect((await app.request('GET', '/users', { token: user.accessToken })).status).toBe(200);
      const me = await app.request('GET', '/me', { token: user.accessToken });
      expect(me.body.permissions).toEqual(expect.arrayContaining(['users:read', 'users:write']));

      const demoted = await app.request('PUT', `/users/${user.id}/roles`, {
        token: admin.accessToken,
        body: { roles: ['signer'] },
      });
      expect(demoted.body.roles).toEqual(['signer']);
      expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');
      expect((await app.request('GET', '/me', { token: user.accessToken })).body.permissions).toEqual(['signing:sign']);
    });

    it('rejects unknown roles and bad bodies without changing anything', async () => {
      const admin = await app.newAdmin();
      const user = await app.newUser('stays');
      const put = (body: unknown) => app.request('PUT', `/users/${user.id}/roles`, { token: admin.accessToken, body });
      const unknown = await put({ roles: ['admin', 'wizard'] });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.errors).toEqual([{ field: 'roles', message: expect.stringContaining('wizard') }]);
      expectProblem(await put({ roles: 'admin' }), 400, 'VALIDATION_FAILED');
      expectProblem(await put({ roles: [1] }), 400, 'VALIDATION_FAILED');
      expectProblem(await put({}), 400, 'VALIDATION_FAILED');
      expectProblem(await put({ roles: ['admin'], extra: 1 }), 400, 'VALIDATION_FAILED');
      expect((await app.request('GET', `/users/${user.id}`, { token: admin.accessToken })).body.roles).toEqual([
        'user',
      ]);
      expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');

      expectProblem(
        await app.request('PUT', `/users/${randomUUID()}/roles`, {
          token: admin.accessToken,
          body: { roles: ['user'] },
        }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('delete', () => {
    it('deletes the user with their sessions and keys; a second delete is 404', async () => {
      const admin = await app.newAdmin();
      const created = await createUser(admin, { roles: ['user', 'signer'] });
      const session = await app.login(created.email, created.password);
      expect(await meStatus({ token: session.accessToken })).toBe(200);

      const deleted = await app.request('DELETE', `/users/${created.id}`, { token: admin.accessToken });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');

      expectProblem(await app.request('GET', '/me', { token: session.accessToken }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('GET', '/me', { apiKey: created.apiKey }), 401, 'UNAUTHENTICATED');
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: session.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectProblem(
        await app.request('POST', '/login', { body: { email: created.email, password: created.password } }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectProblem(await app.request('GET', `/users/${created.id}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
      expectProblem(
        await app.request('DELETE', `/users/${created.id}`, { token: admin.accessToken }),
        404,
        'NOT_FOUND',
      );
      for (const route of [`/users/${created.id}/api-keys`, `/users/${created.id}/sessions`]) {
        expectProblem(await app.request('GET', route, { token: admin.accessToken }), 404, 'NOT_FOUND');
      }
      const listed = await app.request('GET', `/users?email=${encodeURIComponent(created.email)}`, {
        token: admin.accessToken,
      });
      expect(listed.body.total).toBe(0);

      // The address is free again, and the new account inherits nothing from the old one.
      const again = await createUser(admin, { email: created.email });
      expect(again.id).not.toBe(created.id);
      expect(again.body.roles).toEqual(['user']);
      expect(await meStatus({ apiKey: created.apiKey })).toBe(401);
      const keys = await app.request('GET', `/users/${again.id}/api-keys`, { token: admin.accessToken });
      expect(keys.body.total).toBe(1);
    });

    it('answers 404 for unknown and malformed ids', async () => {
      const admin = await app.newAdmin();
      for (const id of [randomUUID(), 'not-a-uuid']) {
        expectProblem(await app.request('DELETE', `/users/${id}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
      }
    });
  });

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
