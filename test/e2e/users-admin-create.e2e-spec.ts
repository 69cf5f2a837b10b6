import { randomUUID } from 'node:crypto';
import { ISO, UUID } from '../support/formats';
import { expectProblem, TestApp } from '../support/test-app';
import { strongPassword, uniqueEmail, USER_FIELDS, usersAdmin } from '../support/users-admin';

describe('user administration (/auth/users)', () => {
  let app: TestApp;
  const { createUser } = usersAdmin(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

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
        emailVerified: false,
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
});
