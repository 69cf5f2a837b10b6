import { randomUUID } from 'node:crypto';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

describe('permissions, roles and authorize (/auth/permissions, /auth/roles, /auth/authorize)', () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  const roleName = () => `role-${randomUUID().slice(0, 8)}`;
  const roleId = async (name: string) => {
    const roles = await app.request('GET', '/roles?limit=200', { token: admin.accessToken });
    return roles.body.items.find((r: { name: string }) => r.name === name).id as string;
  };
  it('lists the permission catalogue in the list shape, to any authenticated user', async () => {
    const user = await app.newUser();
    const list = await app.request('GET', '/permissions', { token: user.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: list.body.items.length, limit: 50, offset: 0 });
    const names = list.body.items.map((p: { name: string }) => p.name);
    for (const name of ['users:read', 'roles:manage', 'authz:check', 'signing:sign', 'metrics:read'])
      expect(names).toContain(name);
    expect(list.body.items[0]).toEqual({ name: expect.any(String), description: expect.any(String) });
    expect((await app.request('GET', '/permissions')).status).toBe(401);
  });

  it('has the built-in roles, with admin holding every permission', async () => {
    const roles = await app.request('GET', '/roles', { token: admin.accessToken });
    expect(roles.status).toBe(200);
    const byName = Object.fromEntries(roles.body.items.map((r: { name: string }) => [r.name, r]));
    expect(byName.signer).toMatchObject({ builtIn: true, permissions: ['signing:sign'] });
    expect(byName.user).toMatchObject({ builtIn: true });
    const catalogue = await app.request('GET', '/permissions?limit=200', { token: admin.accessToken });
    expect(byName.admin.permissions).toEqual(catalogue.body.items.map((p: { name: string }) => p.name).sort());
  });

  it('creates, reads, changes and deletes a role; unknown permissions and duplicate names are refused', async () => {
    const name = roleName();
    const created = await app.request('POST', '/roles', {
      token: admin.accessToken,
      body: { name, description: 'Reads the audit log', permissions: ['audit:read'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, builtIn: false, permissions: ['audit:read'] });
    expect((await app.request('GET', `/roles/${created.body.id}`, { token: admin.accessToken })).body.name).toBe(name);

    const unknown = await app.request('POST', '/roles', {
      token: admin.accessToken,
      body: { name: roleName(), permissions: ['audit:read', 'coffee:brew'] },
    });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.detail).toContain('coffee:brew');
    const duplicate = await app.request('POST', '/roles', {
      token: admin.accessToken,
      body: { name, permissions: [] },
    });
    expectProblem(duplicate, 409, 'ROLE_NAME_TAKEN');
    expectProblem(
      await app.request('POST', '/roles', { token: admin.accessToken, body: { name: 'Bad Name', permissions: [] } }),
      400,
      'VALIDATION_FAILED',
    );

    const renamed = roleName();
    const patched = await app.request('PATCH', `/roles/${created.body.id}`, {
      token: admin.accessToken,
      body: { name: renamed, permissions: ['audit:read', 'users:read'] },
    });
    expect(patched.body).toMatchObject({ name: renamed, permissions: ['audit:read', 'users:read'] });

    expect((await app.request('DELETE', `/roles/${created.body.id}`, { token: admin.accessToken })).status).toBe(204);
    expectProblem(
      await app.request('GET', `/roles/${created.body.id}`, { token: admin.accessToken }),
      404,
      'NOT_FOUND',
    );
  });

  it('protects the built-in roles: admin cannot be deleted, renamed or emptied', async () => {
    const id = await roleId('admin');
    expectProblem(await app.request('DELETE', `/roles/${id}`, { token: admin.accessToken }), 409, 'ROLE_PROTECTED');
    expectProblem(
      await app.request('PATCH', `/roles/${id}`, { token: admin.accessToken, body: { permissions: ['users:read'] } }),
      409,
      'ROLE_PROTECTED',
    );
    expectProblem(
      await app.request('PATCH', `/roles/${id}`, { token: admin.accessToken, body: { name: 'root' } }),
      409,
      'ROLE_PROTECTED',
    );
    expectProblem(
      await app.request('DELETE', `/roles/${await roleId('signer')}`, { token: admin.accessToken }),
      409,
      'ROLE_PROTECTED',
    );
    const after = await app.request('GET', `/roles/${id}`, { token: admin.accessToken });
    expect(after.body.permissions).toContain('roles:manage');
  });

  it('keeps roles to holders of roles:manage', async () => {
    const user = await app.newUser();
    expectProblem(await app.request('GET', '/roles', { token: user.accessToken }), 403, 'FORBIDDEN');
    expectProblem(
      await app.request('POST', '/roles', { token: user.accessToken, body: { name: roleName(), permissions: [] } }),
      403,
      'FORBIDDEN',
    );
  });

  it('grants through a user role at once, and takes it away at once when the role changes or is removed', async () => {
    const user = await app.newUser();
    const name = roleName();
    const role = await app.request('POST', '/roles', {
      token: admin.accessToken,
      body: { name, permissions: ['users:read'] },
    });
    expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');

    await app.request('PUT', `/users/${user.id}/roles`, { token: admin.accessToken, body: { roles: ['user', name] } });
    expect((await app.request('GET', '/users', { token: user.accessToken })).status).toBe(200);
    const me = await app.request('GET', '/me', { token: user.accessToken });
    expect(me.body).toMatchObject({ roles: [name, 'user'].sort(), permissions: ['users:read'] });

    // Emptying the role: the same access token loses the permission on its next request.
    await app.request('PATCH', `/roles/${role.body.id}`, { token: admin.accessToken, body: { permissions: [] } });
    expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');

    // Renaming follows the holders; deleting takes the role away from them.
    await app.request('PATCH', `/roles/${role.body.id}`, {
      token: admin.accessToken,
      body: { permissions: ['users:read'] },
    });
    const renamed = roleName();
    await app.request('PATCH', `/roles/${role.body.id}`, { token: admin.accessToken, body: { name: renamed } });
    expect((await app.request('GET', '/me', { token: user.accessToken })).body.roles).toContain(renamed);
    expect((await app.request('GET', '/users', { token: user.accessToken })).status).toBe(200);
    await app.request('DELETE', `/roles/${role.body.id}`, { token: admin.accessToken });
    expect((await app.request('GET', '/me', { token: user.accessToken })).body.roles).toEqual(['user']);
    expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');
  });

  it('refuses to strip, deactivate or delete the last active administrator', async () => {
    const fresh = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    try {
      const only = await fresh.newAdmin();
      const drop = await fresh.request('PUT', `/users/${only.id}/roles`, {
        token: only.accessToken,
        body: { roles: ['user'] },
      });
      expectProblem(drop, 409, 'LAST_ADMIN');
      expectProblem(
        await fresh.request('PATCH', `/users/${only.id}`, { token: only.accessToken, body: { active: false } }),
        409,
        'LAST_ADMIN',
      );
      expectProblem(await fresh.request('DELETE', `/users/${only.id}`, { token: only.accessToken }), 409, 'LAST_ADMIN');
      expectProblem(
        await fresh.request('DELETE', '/me', { token: only.accessToken, body: { password: only.password } }),
        409,
        'LAST_ADMIN',
      );
      const second = await fresh.newAdmin();
      const now = await fresh.request('PUT', `/users/${only.id}/roles`, {
        token: second.accessToken,
        body: { roles: ['user'] },
      });
      expect(now.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  describe('authorize', () => {
    it('answers for the caller, with the reason', async () => {
      const user = await app.newUser();
      expect(
        await app.request('POST', '/authorize', { token: user.accessToken, body: { permission: 'signing:sign' } }),
      ).toMatchObject({ status: 200, body: { allowed: false, reason: expect.stringContaining('signing:sign') } });
      await app.request('PUT', `/users/${user.id}/roles`, { token: admin.accessToken, body: { roles: ['signer'] } });
      const allowed = await app.request('POST', '/authorize', {
        token: user.accessToken,
        body: { permission: 'signing:sign' },
      });
      expect(allowed.body).toEqual({ allowed: true, reason: 'signing:sign granted by role signer' });
    });

    it('answers about another user only for holders of authz:check', async () => {
      const user = await app.newUser();
      const other = await app.newUser();
      expectProblem(
        await app.request('POST', '/authorize', {
          token: user.accessToken,
          body: { permission: 'users:read', userId: other.id },
        }),
        403,
        'FORBIDDEN',
      );
      const asked = await app.request('POST', '/authorize', {
        token: admin.accessToken,
        body: { permission: 'users:read', userId: other.id },
      });
      expect(asked.body.allowed).toBe(false);
      const aboutAdmin = await app.request('POST', '/authorize', {
        token: admin.accessToken,
        body: { permission: 'users:read', userId: admin.id },
      });
      expect(aboutAdmin.body).toEqual({ allowed: true, reason: 'users:read granted by role admin' });
      expectProblem(
        await app.request('POST', '/authorize', {
          token: admin.accessToken,
          body: { permission: 'users:read', userId: randomUUID() },
        }),
        404,
        'NOT_FOUND',
      );
    });

    it('says no for a deactivated account, and validates its input', async () => {
      const user = await app.newUser();
      await app.request('PUT', `/users/${user.id}/roles`, { token: admin.accessToken, body: { roles: ['signer'] } });
      await app.request('PATCH', `/users/${user.id}`, { token: admin.accessToken, body: { active: false } });
      const asked = await app.request('POST', '/authorize', {
        token: admin.accessToken,
        body: { permission: 'signing:sign', userId: user.id },
      });
      expect(asked.body).toEqual({ allowed: false, reason: 'the account is deactivated' });
      expectProblem(
        await app.request('POST', '/authorize', { token: admin.accessToken, body: { permission: 'coffee:brew' } }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await app.request('POST', '/authorize', {
          token: admin.accessToken,
          body: { permission: 'users:read', userId: 'x' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await app.request('POST', '/authorize', {
          token: admin.accessToken,
          body: { permission: 'users:read', extra: 1 },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await app.request('POST', '/authorize', { body: { permission: 'users:read' } })).status).toBe(401);
    });

    it('is reachable with an API key too', async () => {
      const user = await app.newUser();
      const key = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'ci' } });
      const asked = await app.request('POST', '/authorize', {
        apiKey: key.body.key,
        body: { permission: 'users:read' },
      });
      expect(asked.body.allowed).toBe(false);
    });
  });
});
