import { randomUUID } from 'node:crypto';
import { Delegate, Delegation } from '../support/delegation';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

/**
 * No caller grants more than it holds, on user accounts (CONTRACT.md, Access control). Every escalation is tried
 * as a delegated non-admin; the admin only sets the stage. The legitimate delegations must keep working.
 */
describe('grants on user accounts (/auth/users)', () => {
  let app: TestApp;
  let admin: TestUser;
  let delegation: Delegation;
  /** users:read + users:write: the classic helpdesk. */
  let helpdesk: Delegate;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
    delegation = new Delegation(app, admin);
    helpdesk = await delegation.user('helpdesk', ['users:read', 'users:write']);
  });
  afterAll(() => app.close());

  const strongPassword = () => `correct horse ${randomUUID()}`;
  const loginStatus = async (email: string, password: string) =>
    (await app.request('POST', '/login', { body: { email, password } })).status;

  describe('role changes', () => {
    it('refuses self-promotion to admin, with the roles left as they were', async () => {
      for (const roles of [
        ['user', 'admin'],
        ['user', helpdesk.role, 'admin'],
      ]) {
        const promoted = await app.request('PUT', `/users/${helpdesk.id}/roles`, {
          token: helpdesk.accessToken,
          body: { roles },
        });
        expectProblem(promoted, 403, 'ESCALATION_DENIED');
        expect(promoted.body.detail).toContain('admin');
      }
      expect((await delegation.rolesOf(helpdesk)).sort()).toEqual([helpdesk.role, 'user'].sort());
      expect(await delegation.permissionsOf(helpdesk)).toEqual(['users:read', 'users:write']);
      expectProblem(await app.request('GET', '/audit', { token: helpdesk.accessToken }), 403, 'FORBIDDEN');
    });

    it('refuses the same through an API key', async () => {
      const key = await app.request('POST', '/api-keys', { token: helpdesk.accessToken, body: { name: 'script' } });
      expectProblem(
        await app.request('PUT', `/users/${helpdesk.id}/roles`, {
          apiKey: key.body.key,
          body: { roles: ['user', helpdesk.role, 'admin'] },
        }),
        403,
        'ESCALATION_DENIED',
      );
      expect(await delegation.rolesOf(helpdesk)).not.toContain('admin');
    });

    it('refuses roles carrying permissions the caller lacks, and names them', async () => {
      const auditor = await delegation.role('auditor', ['audit:read']);
      const plain = await app.newUser('plain');
      for (const target of [plain, helpdesk]) {
        const roles = target === helpdesk ? ['user', helpdesk.role, auditor.name] : ['user', auditor.name];
        const granted = await app.request('PUT', `/users/${target.id}/roles`, {
          token: helpdesk.accessToken,
          body: { roles },
        });
        expectProblem(granted, 403, 'ESCALATION_DENIED');
        expect(granted.body.detail).toBe('You cannot grant permissions you do not hold: audit:read');
      }
      // signer carries signing:sign, which this helpdesk does not hold.
      expectProblem(
        await app.request('PUT', `/users/${plain.id}/roles`, {
          token: helpdesk.accessToken,
          body: { roles: ['user', 'signer'] },
        }),
        403,
        'ESCALATION_DENIED',
      );
      expect(await delegation.rolesOf(plain)).toEqual(['user']);
      expect(await delegation.permissionsOf(plain)).toEqual([]);
    });

    it('refuses taking away roles the caller could not give, and touching an admin’s roles at all', async () => {
      const auditor = await delegation.role('auditor', ['audit:read']);
      const audited = await app.newUser('audited');
      await delegation.setRoles(audited, ['user', auditor.name]);
      expectProblem(
        await app.request('PUT', `/users/${audited.id}/roles`, {
          token: helpdesk.accessToken,
          body: { roles: ['user'] },
        }),
        403,
        'ESCALATION_DENIED',
      );
      expect((await delegation.rolesOf(audited)).sort()).toEqual([auditor.name, 'user'].sort());

      const other = await delegation.admin2();
      for (const roles of [['user'], ['admin', 'user']]) {
        expectProblem(
          await app.request('PUT', `/users/${other.id}/roles`, { token: helpdesk.accessToken, body: { roles } }),
          403,
          'ESCALATION_DENIED',
        );
      }
      expect(await delegation.rolesOf(other)).toEqual(['admin', 'user']);
    });

    it('refuses creating an account with roles the caller cannot give; nothing is created', async () => {
      const auditor = await delegation.role('auditor', ['audit:read']);
      const tag = randomUUID();
      for (const roles of [['admin'], ['user', auditor.name], ['signer']]) {
        const created = await app.request('POST', '/users', {
          token: helpdesk.accessToken,
          body: { email: `escalate-${tag}@example.com`, password: strongPassword(), roles },
        });
        expectProblem(created, 403, 'ESCALATION_DENIED');
      }
      const listed = await app.request('GET', `/users?email=${tag}`, { token: admin.accessToken });
      expect(listed.body.total).toBe(0);
    });

    it('lets a helpdesk give and take roles it could hold itself, on others and on itself', async () => {
      const signingDesk = await delegation.user('signing-desk', ['users:read', 'users:write', 'signing:sign']);
      const plain = await app.newUser('plain');
      const granted = await app.request('PUT', `/users/${plain.id}/roles`, {
        token: signingDesk.accessToken,
        body: { roles: ['user', 'signer'] },
      });
      expect(granted.status).toBe(200);
      expect(granted.body.roles).toEqual(['signer', 'user']);
      expect(await delegation.permissionsOf(plain)).toEqual(['signing:sign']);
      expect(
        (await app.request('PUT', `/users/${plain.id}/roles`, { token: signingDesk.accessToken, body: { roles: [] } }))
          .status,
      ).toBe(200);

      const created = await app.request('POST', '/users', {
        token: signingDesk.accessToken,
        body: { email: `signer-${randomUUID()}@example.com`, password: strongPassword(), roles: ['user', 'signer'] },
      });
      expect(created.status).toBe(201);
      expect(created.body.roles).toEqual(['signer', 'user']);
      const byDefault = await app.request('POST', '/users', {
        token: helpdesk.accessToken,
        body: { email: `default-${randomUUID()}@example.com`, password: strongPassword() },
      });
      expect(byDefault.status).toBe(201);
      expect(byDefault.body.roles).toEqual(['user']);

      // Giving up one's own delegated role is no escalation.
      const quitter = await delegation.user('quitter', ['users:read', 'users:write']);
      const quit = await app.request('PUT', `/users/${quitter.id}/roles`, {
        token: quitter.accessToken,
        body: { roles: ['user'] },
      });
      expect(quit.status).toBe(200);
      expect(await delegation.permissionsOf(quitter)).toEqual([]);
    });
  });

  describe('acting on another account', () => {
    it('refuses setting an admin’s password; the admin keeps theirs and the new one does not log in', async () => {
      const other = await delegation.admin2();
      const stolen = strongPassword();
      expectProblem(
        await app.request('PATCH', `/users/${other.id}`, { token: helpdesk.accessToken, body: { password: stolen } }),
        403,
        'ESCALATION_DENIED',
      );
      expect(await loginStatus(other.email, stolen)).toBe(401);
      expect(await loginStatus(other.email, other.password)).toBe(200);
      // The admin's sessions were not revoked either.
      expect((await app.request('GET', '/me', { token: other.accessToken })).status).toBe(200);
    });

    it('refuses changing an admin’s email, name or active flag, and deleting them', async () => {
      const other = await delegation.admin2();
      for (const body of [{ email: `taken-over-${randomUUID()}@example.com` }, { active: false }, { name: 'x' }]) {
        expectProblem(
          await app.request('PATCH', `/users/${other.id}`, { token: helpdesk.accessToken, body }),
          403,
          'ESCALATION_DENIED',
        );
      }
      expectProblem(
        await app.request('DELETE', `/users/${other.id}`, { token: helpdesk.accessToken }),
        403,
        'ESCALATION_DENIED',
      );
      const after = await app.request('GET', `/users/${other.id}`, { token: admin.accessToken });
      expect(after.body).toMatchObject({ email: other.email, active: true, name: 'other-admin' });
    });

    it('refuses revoking an admin’s sessions and managing their API keys', async () => {
      const other = await delegation.admin2();
      const key = await app.request('POST', '/api-keys', { token: other.accessToken, body: { name: 'ops' } });
      const base = `/users/${other.id}/api-keys`;
      const calls: [string, string, unknown?][] = [
        ['DELETE', `/users/${other.id}/sessions`],
        ['POST', base, { name: 'backdoor' }],
        ['PATCH', `${base}/${key.body.id}`, { active: false }],
        ['DELETE', `${base}/${key.body.id}`],
      ];
      for (const [method, route, body] of calls)
        expectProblem(
          await app.request(method, route, { token: helpdesk.accessToken, body }),
          403,
          'ESCALATION_DENIED',
        );
      expect((await app.request('GET', '/me', { token: other.accessToken })).status).toBe(200);
      expect((await app.request('GET', '/me', { apiKey: key.body.key })).status).toBe(200);
      const keys = await app.request('GET', base, { token: helpdesk.accessToken });
      expect(keys.body.items.map((k: { name: string }) => k.name)).toEqual(['ops']);
    });

    it('protects any account holding a permission the caller lacks, not only admins', async () => {
      const auditor = await delegation.user('auditor', ['audit:read']);
      const body = { password: strongPassword() };
      const patched = await app.request('PATCH', `/users/${auditor.id}`, { token: helpdesk.accessToken, body });
      expectProblem(patched, 403, 'ESCALATION_DENIED');
      expect(patched.body.detail).toContain('audit:read');
      expect(await loginStatus(auditor.email, auditor.password)).toBe(200);
    });

    it('protects an admin through a team, and a deactivated admin', async () => {
      const teamAdmin = await app.newUser('team-admin');
      const team = await app.request('POST', '/teams', {
        token: teamAdmin.accessToken,
        body: { name: `admins-${randomUUID().slice(0, 8)}` },
      });
      await app.request('PUT', `/teams/${team.body.id}/roles`, {
        token: admin.accessToken,
        body: { roles: ['admin'] },
      });
      expectProblem(
        await app.request('PATCH', `/users/${teamAdmin.id}`, {
          token: helpdesk.accessToken,
          body: { password: strongPassword() },
        }),
        403,
        'ESCALATION_DENIED',
      );

      // A deactivated admin holds nothing right now, but reviving them would hand their powers to the caller.
      const dormant = await delegation.admin2();
      expect(
        (await app.request('PATCH', `/users/${dormant.id}`, { token: admin.accessToken, body: { active: false } }))
          .status,
      ).toBe(200);
      const revived = strongPassword();
      expectProblem(
        await app.request('PATCH', `/users/${dormant.id}`, {
          token: helpdesk.accessToken,
          body: { active: true, password: revived },
        }),
        403,
        'ESCALATION_DENIED',
      );
      expect(await loginStatus(dormant.email, revived)).toBe(401);
    });

    it('lets a helpdesk reset a plain user’s password, and the user logs in with the new one', async () => {
      const plain = await app.newUser('forgetful');
      const fresh = strongPassword();
      const reset = await app.request('PATCH', `/users/${plain.id}`, {
        token: helpdesk.accessToken,
        body: { password: fresh },
      });
      expect(reset.status).toBe(200);
      expect(await loginStatus(plain.email, fresh)).toBe(200);
      expect(await loginStatus(plain.email, plain.password)).toBe(401);
    });

    it('lets a helpdesk manage a plain user’s keys, sessions, activity and account', async () => {
      const plain = await app.newUser('managed');
      const base = `/users/${plain.id}/api-keys`;
      const key = await app.request('POST', base, { token: helpdesk.accessToken, body: { name: 'issued' } });
      expect(key.status).toBe(201);
      expect((await app.request('GET', '/me', { apiKey: key.body.key })).body.id).toBe(plain.id);
      const off = await app.request('PATCH', `${base}/${key.body.id}`, {
        token: helpdesk.accessToken,
        body: { active: false },
      });
      expect(off.body.active).toBe(false);
      expect((await app.request('DELETE', `${base}/${key.body.id}`, { token: helpdesk.accessToken })).status).toBe(204);
      expect((await app.request('DELETE', `/users/${plain.id}/sessions`, { token: helpdesk.accessToken })).status).toBe(
        204,
      );
      expect((await app.request('GET', '/me', { token: plain.accessToken })).status).toBe(401);
      const deactivated = await app.request('PATCH', `/users/${plain.id}`, {
        token: helpdesk.accessToken,
        body: { active: false, email: `moved-${randomUUID()}@example.com` },
      });
      expect(deactivated.body.active).toBe(false);
      expect((await app.request('DELETE', `/users/${plain.id}`, { token: helpdesk.accessToken })).status).toBe(204);
    });

    it('lets a helpdesk edit its own account, which grants nothing', async () => {
      const desk = await delegation.user('self-edit', ['users:read', 'users:write']);
      const fresh = strongPassword();
      const patched = await app.request('PATCH', `/users/${desk.id}`, {
        token: desk.accessToken,
        body: { name: 'Desk', password: fresh },
      });
      expect(patched.status).toBe(200);
      expect(await loginStatus(desk.email, fresh)).toBe(200);
    });

    it('lets an admin do all of it, to other admins too', async () => {
      const other = await delegation.admin2();
      const auditor = await delegation.role('auditor', ['audit:read']);
      const plain = await app.newUser('promoted');
      const promoted = await app.request('PUT', `/users/${plain.id}/roles`, {
        token: admin.accessToken,
        body: { roles: ['user', 'admin', auditor.name] },
      });
      expect(promoted.status).toBe(200);
      const fresh = strongPassword();
      expect(
        (await app.request('PATCH', `/users/${other.id}`, { token: admin.accessToken, body: { password: fresh } }))
          .status,
      ).toBe(200);
      expect(await loginStatus(other.email, fresh)).toBe(200);
      expect(
        (await app.request('POST', `/users/${other.id}/api-keys`, { token: admin.accessToken, body: { name: 'k' } }))
          .status,
      ).toBe(201);
      expect((await app.request('DELETE', `/users/${other.id}/sessions`, { token: admin.accessToken })).status).toBe(
        204,
      );
      expect((await app.request('DELETE', `/users/${plain.id}`, { token: admin.accessToken })).status).toBe(204);
    });
  });
});
