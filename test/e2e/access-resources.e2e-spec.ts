import { randomUUID } from 'node:crypto';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

describe('visibility groups and resources (/auth/visibility-groups, /auth/resources)', () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
  async function newTeam(owner: TestUser, ...members: TestUser[]) {
    const team = await app.request('POST', '/teams', { token: owner.accessToken, body: { name: unique('team') } });
    for (const member of members)
      await app.request('POST', `/teams/${team.body.id}/members`, {
        token: owner.accessToken,
        body: { userId: member.id, role: 'member' },
      });
    return team.body.id as string;
  }
  async function newGroup(...members: ({ userId: string } | { teamId: string })[]) {
    const group = await app.request('POST', '/visibility-groups', {
      token: admin.accessToken,
      body: { name: unique('g') },
    });
    expect(group.status).toBe(201);
    for (const member of members)
      expect(
        (
          await app.request('POST', `/visibility-groups/${group.body.id}/members`, {
            token: admin.accessToken,
            body: member,
          })
        ).status,
      ).toBe(201);
    return group.body.id as string;
  }
  async function newResource(creator: TestUser, body: Record<string, unknown> = {}) {
    const created = await app.request('POST', '/resources', {
      token: creator.accessToken,
      body: { type: 'document', name: unique('doc'), ...body },
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; type: string; name: string };
  }
  const sees = async (user: TestUser, id: string) =>
    (await app.request('GET', `/resources/${id}`, { token: user.accessToken })).status;

  describe('visibility groups', () => {
    it('are managed with groups:manage, with users and teams as members', async () => {
      const user = await app.newUser();
      const owner = await app.newUser();
      const teamId = await newTeam(owner);
      expectProblem(
        await app.request('POST', '/visibility-groups', { token: user.accessToken, body: { name: unique('g') } }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await app.request('GET', '/visibility-groups', { token: user.accessToken }), 403, 'FORBIDDEN');
      const id = await newGroup({ userId: user.id }, { teamId });
      const group = await app.request('GET', `/visibility-groups/${id}`, { token: admin.accessToken });
      expect(group.body.members).toEqual([
        { memberId: user.id, type: 'user', addedAt: expect.any(String) },
        { memberId: teamId, type: 'team', addedAt: expect.any(String) },
      ]);
      const add = (body: unknown) =>
        app.request('POST', `/visibility-groups/${id}/members`, { token: admin.accessToken, body });
      expectProblem(await add({ userId: user.id }), 409, 'ALREADY_MEMBER');
      expectProblem(await add({ userId: user.id, teamId }), 400, 'VALIDATION_FAILED');
      expectProblem(await add({}), 400, 'VALIDATION_FAILED');
      expectProblem(await add({ teamId: randomUUID() }), 404, 'NOT_FOUND');
      const renamed = unique('g');
      expect(
        (await app.request('PATCH', `/visibility-groups/${id}`, { token: admin.accessToken, body: { name: renamed } }))
          .body.name,
      ).toBe(renamed);
      expect(
        (await app.request('DELETE', `/visibility-groups/${id}/members/${teamId}`, { token: admin.accessToken }))
          .status,
      ).toBe(204);
      expectProblem(
        await app.request('DELETE', `/visibility-groups/${id}/members/${teamId}`, { token: admin.accessToken }),
        404,
        'NOT_FOUND',
      );
      const list = await app.request('GET', '/visibility-groups?limit=200', { token: admin.accessToken });
      expect(list.body.items.find((g: { id: string }) => g.id === id)).toMatchObject({ name: renamed, memberCount: 1 });
      expect((await app.request('DELETE', `/visibility-groups/${id}`, { token: admin.accessToken })).status).toBe(204);
      expectProblem(
        await app.request('GET', `/visibility-groups/${id}`, { token: admin.accessToken }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('resources', () => {
    it('registers a resource with its fields, and validates input', async () => {
      const creator = await app.newUser();
      const created = await app.request('POST', '/resources', {
        token: creator.accessToken,
        body: { type: 'document', name: 'Quarterly report', attributes: { env: 'prod', tags: ['a'] } },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        type: 'document',
        name: 'Quarterly report',
        ownerTeamId: null,
        visibilityGroupIds: [],
        attributes: { env: 'prod', tags: ['a'] },
        createdBy: creator.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const bad = (body: unknown) => app.request('POST', '/resources', { token: creator.accessToken, body });
      expectProblem(await bad({ type: 'Bad Type', name: 'x' }), 400, 'VALIDATION_FAILED');
      expectProblem(await bad({ type: 'doc', name: '' }), 400, 'VALIDATION_FAILED');
      expectProblem(await bad({ type: 'doc', name: 'x', attributes: [1] }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await bad({ type: 'doc', name: 'x', attributes: { big: 'x'.repeat(17000) } }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await bad({ type: 'doc', name: 'x', visibilityGroupIds: [randomUUID()] }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await bad({ type: 'doc', name: 'x', ownerTeamId: randomUUID() }), 400, 'VALIDATION_FAILED');
      expectProblem(await bad({ type: 'doc', name: 'x', owner: 'me' }), 400, 'VALIDATION_FAILED');
    });

    it('is visible to its creator, owner-team members, group members (direct and through a team) and admins only', async () => {
      const creator = await app.newUser();
      const teammate = await app.newUser();
      const direct = await app.newUser();
      const viaTeam = await app.newUser();
      const outsider = await app.newUser();
      const ownerTeam = await newTeam(creator, teammate);
      const groupTeam = await newTeam(await app.newUser(), viaTeam);

      const owned = await newResource(creator, { ownerTeamId: ownerTeam });
      const grouped = await newResource(creator, {
        visibilityGroupIds: [await newGroup({ userId: direct.id }, { teamId: groupTeam })],
      });
      const privateOne = await newResource(creator);

      expect(
        await Promise.all([creator, teammate, direct, viaTeam, outsider, admin].map((u) => sees(u, owned.id))),
      ).toEqual([200, 200, 404, 404, 404, 200]);
      expect(
        await Promise.all([creator, teammate, direct, viaTeam, outsider, admin].map((u) => sees(u, grouped.id))),
      ).toEqual([200, 404, 200, 200, 404, 200]);
      expect(
        await Promise.all([creator, teammate, direct, viaTeam, outsider, admin].map((u) => sees(u, privateOne.id))),
      ).toEqual([200, 404, 404, 404, 404, 200]);
      // Outsiders get the same 404 as for a resource that does not exist, on every route.
      const missing = await app.request('GET', `/resources/${randomUUID()}`, { token: outsider.accessToken });
      const hidden = await app.request('GET', `/resources/${owned.id}`, { token: outsider.accessToken });
      expectProblem(hidden, 404, 'NOT_FOUND');
      expect(hidden.body.detail).toBe(missing.body.detail);
      expectProblem(
        await app.request('PATCH', `/resources/${owned.id}`, { token: outsider.accessToken, body: { name: 'mine' } }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await app.request('DELETE', `/resources/${owned.id}`, { token: outsider.accessToken }),
        404,
        'NOT_FOUND',
      );
    });

    it('lists only what the caller sees, with type filter, pagination and counts over the visible set', async () => {
      const creator = await app.newUser();
      const viewer = await app.newUser();
      const type = unique('kind');
      const groupId = await newGroup({ userId: viewer.id });
      for (let i = 0; i < 5; i++)
        await newResource(creator, { type, name: `shared-${i}`, visibilityGroupIds: [groupId] });
      for (let i = 0; i < 4; i++) await newResource(creator, { type, name: `hidden-${i}` });
      await newResource(viewer, { type, name: 'own' });
      await newResource(viewer, { type: unique('other'), name: 'other type' });

      const page1 = await app.request('GET', `/resources?type=${type}&limit=4`, { token: viewer.accessToken });
      expect(page1.body).toMatchObject({ total: 6, limit: 4, offset: 0 });
      expect(page1.body.items).toHaveLength(4);
      const page2 = await app.request('GET', `/resources?type=${type}&limit=4&offset=4`, { token: viewer.accessToken });
      expect(page2.body.items).toHaveLength(2);
      const names = [...page1.body.items, ...page2.body.items].map((r: { name: string }) => r.name).sort();
      expect(names).toEqual(['own', 'shared-0', 'shared-1', 'shared-2', 'shared-3', 'shared-4']);
      expect((await app.request('GET', '/resources?limit=200', { token: viewer.accessToken })).body.total).toBe(7);
      const outsider = await app.newUser();
      expect((await app.request('GET', `/resources?type=${type}`, { token: outsider.accessToken })).body).toMatchObject(
        {
          total: 0,
          items: [],
        },
      );
      expect((await app.request('GET', `/resources?type=${type}`, { token: admin.accessToken })).body.total).toBe(10);
      expectProblem(
        await app.request('GET', '/resources?limit=0', { token: viewer.accessToken }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await app.request('GET', '/resources?type=A%20B', { token: viewer.accessToken }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('takes visibility away at once when a member leaves or a group goes', async () => {
      const creator = await app.newUser();
      const member = await app.newUser();
      const teamId = await newTeam(creator, member);
      const groupId = await newGroup({ teamId });
      const resource = await newResource(creator, { visibilityGroupIds: [groupId] });
      expect(await sees(member, resource.id)).toBe(200);
      await app.request('DELETE', `/teams/${teamId}/members/${member.id}`, { token: creator.accessToken });
      expect(await sees(member, resource.id)).toBe(404);
      await app.request('POST', `/visibility-groups/${groupId}/members`, {
        token: admin.accessToken,
        body: { userId: member.id },
      });
      expect(await sees(member, resource.id)).toBe(200);
      await app.request('DELETE', `/visibility-groups/${groupId}`, { token: admin.accessToken });
      expect(await sees(member, resource.id)).toBe(404);
    });

    it('lets the creator, owner-team owners and maintainers and admins change it; other viewers get 403', async () => {
      const creator = await app.newUser();
      const maintainer = await app.newUser();
      const member = await app.newUser();
      const teamId = await newTeam(creator, member);
      await app.request('POST', `/teams/${teamId}/members`, {
        token: creator.accessToken,
        body: { userId: maintainer.id, role: 'maintainer' },
      });
      const resource = await newResource(creator, { ownerTeamId: teamId });
      const patch = (user: TestUser, body: unknown) =>
        app.request('PATCH', `/resources/${resource.id}`, { token: user.accessToken, body });
      expectProblem(await patch(member, { name: 'renamed' }), 403, 'FORBIDDEN');
      expect((await patch(maintainer, { name: 'renamed', attributes: { v: 2 } })).body).toMatchObject({
        name: 'renamed',
        attributes: { v: 2 },
        ownerTeamId: teamId,
      });
      // Giving it to a team one does not belong to is refused; to nobody (null) is fine.
      const foreignTeam = await newTeam(await app.newUser());
      expectProblem(await patch(creator, { ownerTeamId: foreignTeam }), 403, 'FORBIDDEN');
      expect((await patch(admin, { ownerTeamId: foreignTeam })).body.ownerTeamId).toBe(foreignTeam);
      expect(await sees(member, resource.id)).toBe(404);
      expect((await patch(creator, { ownerTeamId: null })).body.ownerTeamId).toBeNull();
      expectProblem(
        await app.request('DELETE', `/resources/${resource.id}`, { token: member.accessToken }),
        404,
        'NOT_FOUND',
      );
      expect((await app.request('DELETE', `/resources/${resource.id}`, { token: creator.accessToken })).status).toBe(
        204,
      );
      expect(await sees(admin, resource.id)).toBe(404);
    });

    it('authorizes with a resource only when the user also sees it', async () => {
      const creator = await app.newUser();
      const signer = await app.newUser();
      await app.request('PUT', `/users/${signer.id}/roles`, { token: admin.accessToken, body: { roles: ['signer'] } });
      const resource = await newResource(creator, { type: 'signing-target' });
      const ask = (user: TestUser, userId?: string) =>
        app.request('POST', '/authorize', {
          token: user.accessToken,
          body: { permission: 'signing:sign', resourceId: resource.id, ...(userId ? { userId } : {}) },
        });
      expect((await ask(signer)).body).toEqual({
        allowed: false,
        reason: 'the resource does not exist or is not visible to the user',
      });
      const groupId = await newGroup({ userId: signer.id });
      await app.request('PATCH', `/resources/${resource.id}`, {
        token: creator.accessToken,
        body: { visibilityGroupIds: [groupId] },
      });
      expect((await ask(signer)).body.allowed).toBe(true);
      expect((await ask(admin, signer.id)).body.allowed).toBe(true);
      // The creator sees it but lacks the permission.
      expect((await ask(creator)).body).toMatchObject({ allowed: false, reason: 'no role grants signing:sign' });
    });
  });
});
