import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { LastOwnerError } from '../domain/access-errors';
import { Resource } from '../domain/resource';
import { isVisible } from '../domain/visibility';
import { TypeormGroupRepository } from './typeorm-group.repository';
import { TypeormResourceRepository } from './typeorm-resource.repository';
import { TypeormRoleRepository } from './typeorm-role.repository';
import { TypeormTeamRepository } from './typeorm-team.repository';

describe('access repositories on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let teams: TypeormTeamRepository;
  let groups: TypeormGroupRepository;
  let resources: TypeormResourceRepository;
  let roles: TypeormRoleRepository;
  const at = new Date('2026-11-21T10:11:12.345Z');

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    teams = new TypeormTeamRepository(dataSource);
    groups = new TypeormGroupRepository(dataSource);
    resources = new TypeormResourceRepository(dataSource);
    roles = new TypeormRoleRepository(dataSource);
  });
  afterAll(() => close());

  async function newUser(): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO users (id, email, name, password_hash, active, created_at, updated_at) VALUES (${params(7)})`,
      [id, `${id}@example.com`, null, 'x', true, at.toISOString(), at.toISOString()],
    );
    return id;
  }
  const params = (n: number) =>
    Array.from({ length: n }, (_, i) => (dataSource.options.type === 'postgres' ? `$${i + 1}` : '?')).join(', ');
  async function newTeam(ownerId: string): Promise<string> {
    const id = randomUUID();
    await teams.create({ id, name: `team-${id}`, description: null, createdAt: at, updatedAt: at }, ownerId);
    return id;
  }
  async function newGroup(): Promise<string> {
    const id = randomUUID();
    await groups.create({ id, name: `group-${id}`, description: null, createdAt: at, updatedAt: at });
    return id;
  }
  const named = (prefix: string) => {
    const id = randomUUID();
    return { id, name: `${prefix}-${id}`, description: null, createdAt: at, updatedAt: at };
  };
  async function newRole(): Promise<{ id: string; name: string }> {
    const role = { ...named('role'), name: `role-${randomUUID().slice(0, 8)}`, builtIn: false, permissions: [] };
    await roles.create(role);
    return role;
  }
  // Teams and visibility groups are the same kind of named record; each twin is checked the same way.
  const twins = {
    team: {
      create: async (row: ReturnType<typeof named>) => teams.create(row, await newUser()),
      store: () => teams,
      nameTaken: 'TEAM_NAME_TAKEN',
    },
    'visibility group': {
      create: (row: ReturnType<typeof named>) => groups.create(row),
      store: () => groups,
      nameTaken: 'VISIBILITY_GROUP_NAME_TAKEN',
    },
  };
  const resource = (overrides: Partial<Resource>): Resource => ({
    id: randomUUID(),
    type: 'document',
    name: 'doc',
    ownerTeamId: null,
    visibilityGroupIds: [],
    attributes: {},
    createdBy: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });

  it('lists exactly what the visibility rule allows, for every user of a random population', async () => {
    // A small deterministic world: users in teams, groups holding users and teams, resources spread over them.
    let seed = 7;
    const pick = <T>(items: T[]): T => items[(seed = (seed * 48271) % 2147483647) % items.length];
    const users = await Promise.all(Array.from({ length: 8 }, newUser));
    const teamIds = [await newTeam(users[0]), await newTeam(users[1]), await newTeam(users[2])];
    for (let i = 0; i < 8; i++)
      await teams.addMember(pick(teamIds), { userId: users[i], role: 'member', joinedAt: at }).catch(() => undefined);
    const groupIds = [await newGroup(), await newGroup(), await newGroup()];
    for (let i = 0; i < 6; i++) {
      const member = i % 2 ? { kind: 'user' as const, id: pick(users) } : { kind: 'team' as const, id: pick(teamIds) };
      await groups.addMember(pick(groupIds), member, at).catch(() => undefined);
    }
    const type = `kind-${randomUUID().slice(0, 8)}`;
    const all: Resource[] = [];
    for (let i = 0; i < 40; i++) {
      const r = resource({
        type,
        name: `r${i}`,
        createdBy: i % 5 === 0 ? null : pick(users),
        ownerTeamId: i % 3 === 0 ? pick(teamIds) : null,
        visibilityGroupIds: i % 4 === 0 ? [pick(groupIds)] : i % 7 === 0 ? [pick(groupIds), pick(groupIds)] : [],
      });
      await resources.create(r);
      all.push({ ...r, visibilityGroupIds: [...new Set(r.visibilityGroupIds)] });
    }
    const seen: number[] = [];
    for (const userId of users) {
      const memberships = await resources.membershipsOf(userId);
      const expected = all
        .filter((r) => isVisible({ userId, isResourceAdmin: false, resource: r, ...memberships }))
        .map((r) => r.id)
        .sort();
      const listed = await resources.list({ type, visibleTo: userId }, { limit: 200, offset: 0 });
      expect(listed.items.map((r) => r.id).sort()).toEqual(expected);
      expect(listed.total).toBe(expected.length);
      seen.push(expected.length);
    }
    // The population exercises the rule: some users see some resources, nobody sees all of them.
    expect(seen.some((n) => n > 0)).toBe(true);
    expect(Math.max(...seen)).toBeLessThan(all.length);
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect((await resources.list({ type, visibleTo: null }, { limit: 200, offset: 0 })).total).toBe(40);
  });

  it('never leaves a team without an owner, even when two owners step down at once', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const teamId = await newTeam(a);
    await teams.addMember(teamId, { userId: b, role: 'owner', joinedAt: at });
    const outcomes = await Promise.allSettled([
      teams.changeMember(teamId, a, 'member'),
      teams.changeMember(teamId, b, null),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(LastOwnerError);
    expect((await teams.members(teamId)).filter((m) => m.role === 'owner')).toHaveLength(1);
  });

  it.each(Object.keys(twins) as (keyof typeof twins)[])(
    'saves only name, description and updatedAt of a %s, refuses a name in use and deletes it once',
    async (kind) => {
      const { create, store, nameTaken } = twins[kind];
      const [first, second] = [named(kind), named(kind)];
      await create(first);
      await create(second);
      await expect(create({ ...named(kind), name: first.name })).rejects.toMatchObject({ code: nameTaken });
      const later = new Date(at.getTime() + 60_000);
      const renamed = { ...first, name: `${first.name}-renamed`, description: 'described', updatedAt: later };
      await store().update({ ...renamed, createdAt: later });
      expect(await store().findById(first.id)).toEqual(renamed);
      await expect(store().update({ ...renamed, name: second.name })).rejects.toMatchObject({ code: nameTaken });
      expect(await store().delete(first.id)).toBe(true);
      expect(await store().delete(first.id)).toBe(false);
      expect(await store().findById(first.id)).toBeNull();
      expect(await store().findById(second.id)).toEqual(second);
    },
  );

  it('creates no team when its owner is gone', async () => {
    const team = named('team');
    await expect(teams.create(team, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await teams.findById(team.id)).toBeNull();
  });

  it("replaces a team's roles, keeping them when the team or a role is gone", async () => {
    const teamId = await newTeam(await newUser());
    const [first, second] = [await newRole(), await newRole()];
    await teams.setRoles(teamId, [first.id, second.id]);
    expect(await teams.roleNames(teamId)).toEqual([first.name, second.name].sort());
    await teams.setRoles(teamId, [second.id]);
    expect(await teams.roleNames(teamId)).toEqual([second.name]);
    await expect(teams.setRoles(teamId, [first.id, randomUUID()])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await teams.roleNames(teamId)).toEqual([second.name]);
    await teams.setRoles(teamId, []);
    expect(await teams.roleNames(teamId)).toEqual([]);
    await teams.delete(teamId);
    await expect(teams.setRoles(teamId, [second.id])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('registers a system resource once, however many processes start at the same time', async () => {
    const name = `key-${randomUUID()}`;
    const ids = await Promise.all(
      Array.from({ length: 5 }, () =>
        resources.ensureSystem(resource({ type: 'signing-key', name }), `signing-key:${name}`),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect((await resources.findById(ids[0]))?.name).toBe(name);
  });

  it('removes memberships and creator links with the account, keeping the resources', async () => {
    const userId = await newUser();
    const teamId = await newTeam(userId);
    const created = resource({ createdBy: userId, ownerTeamId: teamId });
    await resources.create(created);
    await dataSource.query(`DELETE FROM users WHERE id = ${params(1)}`, [userId]);
    expect(await teams.members(teamId)).toEqual([]);
    expect((await resources.findById(created.id))?.createdBy).toBeNull();
  });
});
