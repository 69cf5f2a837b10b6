import { randomUUID } from 'node:crypto';
import { expectProblem, TestApp } from '../support/test-app';
import { strongPassword, uniqueEmail, USER_FIELDS, usersAdmin, withoutRequestId } from '../support/users-admin';

describe('user administration (/auth/users)', () => {
  let app: TestApp;
  const { createUser, meStatus } = usersAdmin(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

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
});
