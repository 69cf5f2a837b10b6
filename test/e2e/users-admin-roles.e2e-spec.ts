import { randomUUID } from 'node:crypto';
import { expectProblem, TestApp } from '../support/test-app';
import { USER_FIELDS } from '../support/users-admin';

describe('user administration (/auth/users)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

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
});
