import { randomUUID } from 'node:crypto';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

describe('teams (/auth/teams)', () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  const teamName = () => `team-${randomUUID().slice(0, 8)}`;
  async function newTeam(owner: TestUser) {
    const created = await app.request('POST', '/teams', { token: owner.accessToken, body: { name: teamName() } });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string };
  }
  const addMember = (actor: TestUser, teamId: string, userId: string, role: string) =>
    app.request('POST', `/teams/${teamId}/members`, { token: actor.accessToken, body: { userId, role } });

  it('makes the creator owner, and shows teams in /me and in the caller’s list', async () => {
    const owner = await app.newUser();
    const created = await app.request('POST', '/teams', {
      token: owner.accessToken,
      body: { name: teamName(), description: 'Builds the platform' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      description: 'Builds the platform',
      roles: [],
      members: [{ userId: owner.id, role: 'owner', joinedAt: expect.any(String) }],
    });
    const me = await app.request('GET', '/me', { token: owner.accessToken });
    expect(me.body.teams).toEqual([{ id: created.body.id, name: created.body.name, role: 'owner' }]);
    const mine = await app.request('GET', '/teams', { token: owner.accessToken });
    expect(mine.body).toMatchObject({ total: 1, items: [{ id: created.body.id, memberCount: 1 }] });
    const all = await app.request('GET', '/teams?limit=200', { token: admin.accessToken });
    expect(all.body.items.map((t: { id: string }) => t.id)).toContain(created.body.id);
    expectProblem(
      await app.request('POST', '/teams', { token: owner.accessToken, body: { name: created.body.name } }),
      409,
      'TEAM_NAME_TAKEN',
    );
    expectProblem(
      await app.request('POST', '/teams', { token: owner.accessToken, body: { name: '  ' } }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('hides a team from outsiders (404) but not from admins', async () => {
    const owner = await app.newUser();
    const outsider = await app.newUser();
    const team = await newTeam(owner);
    expectProblem(await app.request('GET', `/teams/${team.id}`, { token: outsider.accessToken }), 404, 'NOT_FOUND');
    expectProblem(
      await app.request('PATCH', `/teams/${team.id}`, { token: outsider.accessToken, body: { name: teamName() } }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await addMember(outsider, team.id, outsider.id, 'member'), 404, 'NOT_FOUND');
    expect((await app.request('GET', `/teams/${team.id}`, { token: admin.accessToken })).status).toBe(200);
    expect((await app.request('GET', '/teams', { token: outsider.accessToken })).body.total).toBe(0);
  });

  it('gives members, maintainers and owners their powers', async () => {
    const owner = await app.newUser();
    const maintainer = await app.newUser();
    const member = await app.newUser();
    const newcomer = await app.newUser();
    const team = await newTeam(owner);
    expect((await addMember(owner, team.id, maintainer.id, 'maintainer')).status).toBe(201);
    expect((await addMember(maintainer, team.id, member.id, 'member')).status).toBe(201);
    expectProblem(await addMember(member, team.id, newcomer.id, 'member'), 403, 'FORBIDDEN');
    expectProblem(await addMember(maintainer, team.id, newcomer.id, 'owner'), 403, 'FORBIDDEN');
    expectProblem(await addMember(owner, team.id, member.id, 'member'), 409, 'ALREADY_MEMBER');
    expectProblem(await addMember(owner, team.id, randomUUID(), 'member'), 404, 'NOT_FOUND');
    expectProblem(await addMember(owner, team.id, newcomer.id, 'chief'), 400, 'VALIDATION_FAILED');

    // Members see the team but cannot change it; maintainers manage members but not the team itself.
    expect((await app.request('GET', `/teams/${team.id}`, { token: member.accessToken })).body.members).toHaveLength(3);
    expectProblem(
      await app.request('PATCH', `/teams/${team.id}`, { token: maintainer.accessToken, body: { name: teamName() } }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await app.request('DELETE', `/teams/${team.id}`, { token: maintainer.accessToken }),
      403,
      'FORBIDDEN',
    );
    const promote = await app.request('PATCH', `/teams/${team.id}/members/${member.id}`, {
      token: maintainer.accessToken,
      body: { role: 'maintainer' },
    });
    expect(promote.body).toMatchObject({ userId: member.id, role: 'maintainer' });
    expectProblem(
      await app.request('PATCH', `/teams/${team.id}/members/${owner.id}`, {
        token: maintainer.accessToken,
        body: { role: 'member' },
      }),
      403,
      'FORBIDDEN',
    );
    expect(
      (await app.request('DELETE', `/teams/${team.id}/members/${member.id}`, { token: maintainer.accessToken })).status,
    ).toBe(204);

    const renamed = teamName();
    const patched = await app.request('PATCH', `/teams/${team.id}`, {
      token: owner.accessToken,
      body: { name: renamed },
    });
    expect(patched.body.name).toBe(renamed);
    expect((await app.request('DELETE', `/teams/${team.id}`, { token: owner.accessToken })).status).toBe(204);
    expectProblem(await app.request('GET', `/teams/${team.id}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
  });

  it('keeps the last owner: they can neither leave nor be demoted, until another owner exists', async () => {
    const owner = await app.newUser();
    const other = await app.newUser();
    const team = await newTeam(owner);
    expectProblem(
      await app.request('DELETE', `/teams/${team.id}/members/${owner.id}`, { token: owner.accessToken }),
      409,
      'LAST_OWNER',
    );
    expectProblem(
      await app.request('PATCH', `/teams/${team.id}/members/${owner.id}`, {
        token: admin.accessToken,
        body: { role: 'member' },
      }),
      409,
      'LAST_OWNER',
    );
    await addMember(owner, team.id, other.id, 'owner');
    expect(
      (await app.request('DELETE', `/teams/${team.id}/members/${owner.id}`, { token: owner.accessToken })).status,
    ).toBe(204);
    expectProblem(
      await app.request('DELETE', `/teams/${team.id}/members/${other.id}`, { token: other.accessToken }),
      409,
      'LAST_OWNER',
    );
  });

  it('lets a plain member leave on their own', async () => {
    const owner = await app.newUser();
    const member = await app.newUser();
    const team = await newTeam(owner);
    await addMember(owner, team.id, member.id, 'member');
    expect(
      (await app.request('DELETE', `/teams/${team.id}/members/${member.id}`, { token: member.accessToken })).status,
    ).toBe(204);
    expectProblem(await app.request('GET', `/teams/${team.id}`, { token: member.accessToken }), 404, 'NOT_FOUND');
  });

  it('grants team roles to every member at once, and removes them at once', async () => {
    const owner = await app.newUser();
    const member = await app.newUser();
    const team = await newTeam(owner);
    await addMember(owner, team.id, member.id, 'member');
    const ask = async (user: TestUser) =>
      (await app.request('POST', '/authorize', { token: user.accessToken, body: { permission: 'signing:sign' } })).body;

    expectProblem(
      await app.request('PUT', `/teams/${team.id}/roles`, { token: owner.accessToken, body: { roles: ['signer'] } }),
      403,
      'FORBIDDEN',
    );
    const granted = await app.request('PUT', `/teams/${team.id}/roles`, {
      token: admin.accessToken,
      body: { roles: ['signer'] },
    });
    expect(granted.body.roles).toEqual(['signer']);
    expect(await ask(member)).toEqual({
      allowed: true,
      reason: `signing:sign granted by role signer of team ${team.name}`,
    });
    expect((await app.request('GET', '/me', { token: member.accessToken })).body.permissions).toEqual(['signing:sign']);

    // Leaving the team, or the team losing the role, takes the permission away on the next request.
    await app.request('DELETE', `/teams/${team.id}/members/${member.id}`, { token: owner.accessToken });
    expect((await ask(member)).allowed).toBe(false);
    expect((await ask(owner)).allowed).toBe(true);
    await app.request('PUT', `/teams/${team.id}/roles`, { token: admin.accessToken, body: { roles: [] } });
    expect((await ask(owner)).allowed).toBe(false);
    expectProblem(
      await app.request('PUT', `/teams/${team.id}/roles`, { token: admin.accessToken, body: { roles: ['wizard'] } }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('lets a team role grant admin-only routes, through the permission guard', async () => {
    const owner = await app.newUser();
    const team = await newTeam(owner);
    const role = `reader-${randomUUID().slice(0, 8)}`;
    await app.request('POST', '/roles', {
      token: admin.accessToken,
      body: { name: role, permissions: ['users:read'] },
    });
    expectProblem(await app.request('GET', '/users', { token: owner.accessToken }), 403, 'FORBIDDEN');
    await app.request('PUT', `/teams/${team.id}/roles`, { token: admin.accessToken, body: { roles: [role] } });
    expect((await app.request('GET', '/users', { token: owner.accessToken })).status).toBe(200);
    await app.request('DELETE', `/teams/${team.id}`, { token: owner.accessToken });
    expectProblem(await app.request('GET', '/users', { token: owner.accessToken }), 403, 'FORBIDDEN');
  });
});
