import { randomUUID } from 'node:crypto';
import { Delegate, Delegation } from '../support/delegation';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

/**
 * No caller grants more than it holds, through roles and teams (CONTRACT.md, Access control): team roles are
 * admin only, roles are created and changed only within what the caller holds, and team membership hands out
 * the team's roles. Tried as delegated non-admins; the admin only sets the stage.
 */
describe('grants through roles and teams', () => {
  let app: TestApp;
  let admin: TestUser;
  let delegation: Delegation;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
    delegation = new Delegation(app, admin);
  });
  afterAll(() => app.close());

  const teamName = () => `team-${randomUUID().slice(0, 8)}`;
  async function newTeam(owner: TestUser): Promise<{ id: string; name: string }> {
    const created = await app.request('POST', '/teams', { token: owner.accessToken, body: { name: teamName() } });
    expect(created.status).toBe(201);
    return created.body;
  }
  const setTeamRoles = (actor: TestUser, teamId: string, roles: string[]) =>
    app.request('PUT', `/teams/${teamId}/roles`, { token: actor.accessToken, body: { roles } });
  const addMember = (actor: TestUser, teamId: string, userId: string, role = 'member') =>
    app.request('POST', `/teams/${teamId}/members`, { token: actor.accessToken, body: { userId, role } });

  describe('team roles (PUT /teams/{id}/roles, admin only)', () => {
    let roleManager: Delegate;
    beforeAll(async () => {
      roleManager = await delegation.user('role-manager', ['roles:manage']);
    });

    it('refuses a roles:manage holder making their own team admin; no member becomes admin', async () => {
      const team = await newTeam(roleManager);
      const member = await app.newUser('member');
      expect((await addMember(roleManager, team.id, member.id)).status).toBe(201);
      const granted = await setTeamRoles(roleManager, team.id, ['admin']);
      expectProblem(granted, 403, 'ESCALATION_DENIED');
      for (const user of [roleManager, member]) {
        expect(await delegation.permissionsOf(user)).not.toContain('users:write');
        expect((await app.request('GET', '/me', { token: user.accessToken })).body.roles).not.toContain('admin');
      }
      const after = await app.request('GET', `/teams/${team.id}`, { token: admin.accessToken });
      expect(after.body.roles).toEqual([]);
    });

    it('refuses non-admins even for roles they hold, and for emptying the list', async () => {
      const team = await newTeam(roleManager);
      expectProblem(await setTeamRoles(roleManager, team.id, [roleManager.role]), 403, 'ESCALATION_DENIED');
      expectProblem(await setTeamRoles(roleManager, team.id, []), 403, 'ESCALATION_DENIED');
    });

    it('lets an admin set and clear them', async () => {
      const owner = await app.newUser('owner');
      const team = await newTeam(owner);
      const set = await setTeamRoles(admin, team.id, ['signer', 'admin']);
      expect(set.status).toBe(200);
      expect(set.body.roles.sort()).toEqual(['admin', 'signer']);
      expect((await app.request('GET', '/me', { token: owner.accessToken })).body.permissions).toContain('users:write');
      expect((await setTeamRoles(admin, team.id, [])).status).toBe(200);
      expect(await delegation.permissionsOf(owner)).toEqual([]);
    });
  });

  describe('roles (POST, PATCH, DELETE /roles)', () => {
    let roleManager: Delegate;
    beforeAll(async () => {
      roleManager = await delegation.user('role-manager', ['roles:manage', 'users:read']);
    });
    const roleName = () => `made-${randomUUID().slice(0, 8)}`;

    it('refuses creating a role with permissions the caller lacks, and names them', async () => {
      const name = roleName();
      const created = await app.request('POST', '/roles', {
        token: roleManager.accessToken,
        body: { name, permissions: ['users:read', 'users:write', 'audit:read'] },
      });
      expectProblem(created, 403, 'ESCALATION_DENIED');
      expect(created.body.detail).toBe('You cannot grant permissions you do not hold: audit:read, users:write');
      const roles = await app.request('GET', '/roles?limit=200', { token: admin.accessToken });
      expect(roles.body.items.map((r: { name: string }) => r.name)).not.toContain(name);
    });

    it('refuses widening, narrowing, renaming or deleting a role beyond what the caller holds', async () => {
      const mine = await app.request('POST', '/roles', {
        token: roleManager.accessToken,
        body: { name: roleName(), permissions: ['users:read'] },
      });
      expect(mine.status).toBe(201);
      expectProblem(
        await app.request('PATCH', `/roles/${mine.body.id}`, {
          token: roleManager.accessToken,
          body: { permissions: ['users:read', 'users:write'] },
        }),
        403,
        'ESCALATION_DENIED',
      );

      const auditor = await delegation.role('auditor', ['audit:read']);
      const changes = [{ permissions: [] }, { name: roleName() }, { description: 'relabelled' }];
      for (const body of changes)
        expectProblem(
          await app.request('PATCH', `/roles/${auditor.id}`, { token: roleManager.accessToken, body }),
          403,
          'ESCALATION_DENIED',
        );
      expectProblem(
        await app.request('DELETE', `/roles/${auditor.id}`, { token: roleManager.accessToken }),
        403,
        'ESCALATION_DENIED',
      );
      const after = await app.request('GET', `/roles/${auditor.id}`, { token: admin.accessToken });
      expect(after.body).toMatchObject({ name: auditor.name, permissions: ['audit:read'], description: null });
    });

    it('keeps the built-in admin role to admins', async () => {
      const roles = await app.request('GET', '/roles?limit=200', { token: admin.accessToken });
      const adminRole = roles.body.items.find((r: { name: string }) => r.name === 'admin');
      expectProblem(
        await app.request('PATCH', `/roles/${adminRole.id}`, {
          token: roleManager.accessToken,
          body: { description: 'mine now' },
        }),
        403,
        'ESCALATION_DENIED',
      );
    });

    it('lets the caller manage roles within what it holds, and an admin manage any', async () => {
      const made = await app.request('POST', '/roles', {
        token: roleManager.accessToken,
        body: { name: roleName(), permissions: ['users:read'] },
      });
      expect(made.status).toBe(201);
      const renamed = roleName();
      const patched = await app.request('PATCH', `/roles/${made.body.id}`, {
        token: roleManager.accessToken,
        body: { name: renamed, permissions: ['roles:manage', 'users:read'], description: 'readers' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: renamed, permissions: ['roles:manage', 'users:read'] });
      expect((await app.request('DELETE', `/roles/${made.body.id}`, { token: roleManager.accessToken })).status).toBe(
        204,
      );

      const wide = await app.request('POST', '/roles', {
        token: admin.accessToken,
        body: { name: roleName(), permissions: ['audit:read', 'users:write'] },
      });
      expect(wide.status).toBe(201);
      expect((await app.request('DELETE', `/roles/${wide.body.id}`, { token: admin.accessToken })).status).toBe(204);
    });
  });

  describe('team membership hands out the team’s roles', () => {
    let teamManager: Delegate;
    beforeAll(async () => {
      teamManager = await delegation.user('team-manager', ['teams:manage']);
    });

    async function poweredTeam(roles: string[]) {
      const owner = await app.newUser('powered-owner');
      const team = await newTeam(owner);
      expect((await setTeamRoles(admin, team.id, roles)).status).toBe(200);
      return { owner, team };
    }

    it('refuses a teams:manage holder adding themselves or others to an admin team', async () => {
      const { team } = await poweredTeam(['admin']);
      const friend = await app.newUser('friend');
      for (const [userId, role] of [
        [teamManager.id, 'owner'],
        [teamManager.id, 'member'],
        [friend.id, 'member'],
      ])
        expectProblem(await addMember(teamManager, team.id, userId, role), 403, 'ESCALATION_DENIED');
      expect(await delegation.permissionsOf(teamManager)).toEqual(['teams:manage']);
      expect(await delegation.permissionsOf(friend)).toEqual([]);
      const members = (await app.request('GET', `/teams/${team.id}`, { token: admin.accessToken })).body.members;
      expect(members).toHaveLength(1);
    });

    it('refuses adding to a team whose roles carry permissions the caller lacks, and changing its members', async () => {
      const auditor = await delegation.role('auditor', ['audit:read']);
      const { owner, team } = await poweredTeam([auditor.name]);
      const member = await app.newUser('member');
      expect((await addMember(owner, team.id, member.id)).status).toBe(201);
      const added = await addMember(teamManager, team.id, teamManager.id);
      expectProblem(added, 403, 'ESCALATION_DENIED');
      expect(added.body.detail).toContain('audit:read');
      expectProblem(
        await app.request('PATCH', `/teams/${team.id}/members/${member.id}`, {
          token: teamManager.accessToken,
          body: { role: 'owner' },
        }),
        403,
        'ESCALATION_DENIED',
      );
      expectProblem(
        await app.request('DELETE', `/teams/${team.id}/members/${member.id}`, { token: teamManager.accessToken }),
        403,
        'ESCALATION_DENIED',
      );
      expectProblem(
        await app.request('DELETE', `/teams/${team.id}`, { token: teamManager.accessToken }),
        403,
        'ESCALATION_DENIED',
      );
      const after = await app.request('GET', `/teams/${team.id}`, { token: admin.accessToken });
      expect(after.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]).sort()).toEqual(
        [
          [owner.id, 'owner'],
          [member.id, 'member'],
        ].sort(),
      );
    });

    it('keeps the normal flow: members who hold the team’s roles manage it, and anyone may leave', async () => {
      const { owner, team } = await poweredTeam(['signer']);
      const maintainer = await app.newUser('maintainer');
      const member = await app.newUser('member');
      expect((await addMember(owner, team.id, maintainer.id, 'maintainer')).status).toBe(201);
      expect((await addMember(maintainer, team.id, member.id)).status).toBe(201);
      expect(await delegation.permissionsOf(member)).toEqual(['signing:sign']);
      const promoted = await app.request('PATCH', `/teams/${team.id}/members/${member.id}`, {
        token: maintainer.accessToken,
        body: { role: 'maintainer' },
      });
      expect(promoted.body.role).toBe('maintainer');
      expect(
        (await app.request('DELETE', `/teams/${team.id}/members/${member.id}`, { token: member.accessToken })).status,
      ).toBe(204);

      // teams:manage is enough for a team that hands out nothing, or only what the manager holds.
      const plainTeam = await newTeam(owner);
      expect((await addMember(teamManager, plainTeam.id, teamManager.id)).status).toBe(201);
      const signingManager = await delegation.user('signing-manager', ['teams:manage', 'signing:sign']);
      expect((await addMember(signingManager, team.id, signingManager.id)).status).toBe(201);
      expect((await app.request('DELETE', `/teams/${team.id}`, { token: signingManager.accessToken })).status).toBe(
        204,
      );
    });

    it('lets an admin add anyone to any team', async () => {
      const { team } = await poweredTeam(['admin']);
      const newcomer = await app.newUser('newcomer');
      expect((await addMember(admin, team.id, newcomer.id)).status).toBe(201);
      expect(await delegation.permissionsOf(newcomer)).toContain('users:write');
    });
  });
});
