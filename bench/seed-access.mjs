// The access-control data set of access.bench.mjs, written straight into PostgreSQL with `pg` (the service's
// migrations must have run): 10,000 users, 1,000 teams of 10, 50 roles, 200 visibility groups and 100,000
// resources, laid out so that one user (the "viewer") sees exactly 1,000 resources (1 %).
//
// As a module: `seedAccess(pgWriter(client))` fills the PostgreSQL database a `pg` client is connected to, and
// `seedAccess(sqliteWriter(database))` a better-sqlite3 one, and describes what it made.
// On its own, to look at the data or the plans by hand (psql):
//
//   npm run build && node bench/seed-access.mjs
//
// drops and recreates the database keyward_bench_access on BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432), applies the migrations with the CLI (`node dist/apps/cli/src/main.js
// migrate`), seeds it and leaves it there (drop it with `dropdb -h 127.0.0.1 -U postgres keyward_bench_access`).
//
// Every user has the same password (BENCH_PASSWORD below): one Argon2id hash, computed once with keyward's
// default parameters (ARGON2_MEMORY_KIB=19456, ARGON2_PASSES=2, ARGON2_PARALLELISM=1, so logging in does not
// rehash), is stored for all of them. The shape of the data comes from a seeded pseudo-random generator: every
// run makes the same memberships and links (the UUIDs themselves are random).
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import pg from 'pg';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');

export const BENCH_PASSWORD = 'bench correct horse 42';

export const SIZES = {
  users: 10_000,
  teams: 1_000,
  membersPerTeam: 10,
  /** Including the three built-in roles (admin, user, signer) the migration creates. */
  roles: 50,
  groups: 200,
  groupUserMembers: 20,
  groupTeamMembers: 5,
  resources: 100_000,
};

/** Shares of the randomly made links (everything but the viewer's designed 1,000 resources). */
const SHARES = {
  usersWithCustomRole: 0.3,
  teamsWithRoles: 0.3,
  resourcesWithOwnerTeam: 0.3,
  resourcesInGroup: 0.2,
  resourcesInSecondGroup: 0.05,
};

/**
 * What the viewer (user 0) sees, disjoint sets of resources chosen at random positions (so spread over the
 * creation order): 100 it created, 150 + 150 owned by its two teams (teams 0 and 1), 200 in each of groups 0
 * and 1 (direct member) and 200 in group 2 (through team 0). No other link reaches it: the random memberships
 * leave out the viewer, teams 0 and 1, and groups 0 to 2.
 */
const VIEWER_SHARES = { created: 100, team0: 150, team1: 150, group0: 200, group1: 200, group2: 200 };
export const VIEWER_VISIBLE = Object.values(VIEWER_SHARES).reduce((a, b) => a + b, 0);

const RESOURCE_TYPES = ['document', 'dataset', 'service', 'repository', 'bucket'];
/** Custom roles never grant resources:manage: that would make their holders see everything. */
const EXCLUDED_FROM_CUSTOM_ROLES = new Set(['resources:manage']);
const CHUNK_ROWS = 5000;
const BASE_TIME = Date.parse('2025-11-21T00:00:00.000Z');

/**
 * Fills the (migrated, otherwise empty apart from the built-in roles) database behind `db` (pgWriter or
 * sqliteWriter). Returns the viewer and an admin (emails, ids; the password is BENCH_PASSWORD), every user and
 * resource id, the (user, permission) pairs that some role grants, the row counts, how many resources the
 * visibility rule gives the viewer, and the seconds it took.
 */
export async function seedAccess(db, { log = () => undefined } = {}) {
  const started = performance.now();
  const random = mulberry32(20261121);
  const int = (from, to) => from + Math.floor(random() * (to - from)); // [from, to)
  const distinct = (count, from, to) => {
    const picked = new Set();
    while (picked.size < count) picked.add(int(from, to));
    return [...picked];
  };

  const { ALL_PERMISSIONS } = require(path.join(root, 'dist/libs/access/src/domain/permissions.js'));
  const passwordHash = await argon2.hash(BENCH_PASSWORD.normalize('NFKC'), {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  const stamp = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const counts = {};
  const insert = async (table, columns) => {
    counts[table] = await db.insertColumns(table, columns);
  };

  // Users: 0 is the viewer, 1 the admin.
  const userIds = Array.from({ length: SIZES.users }, () => randomUUID());
  const emailOf = (i) =>
    i === 0 ? 'bench-viewer@example.com' : i === 1 ? 'bench-admin@example.com' : `bench-user-${i}@example.com`;
  const userTimes = userIds.map((_, i) => stamp(BASE_TIME + i * 60_000));
  await insert('users', {
    id: ['uuid', userIds],
    email: ['text', userIds.map((_, i) => emailOf(i))],
    name: ['text', userIds.map((_, i) => `Bench user ${i}`)],
    password_hash: ['text', userIds.map(() => passwordHash)],
    active: ['boolean', userIds.map(() => true)],
    created_at: ['timestamp', userTimes],
    updated_at: ['timestamp', userTimes],
  });

  // Roles: the built-in ones are there; 47 custom roles with 1 to 3 permissions each.
  const builtIn = await db.query('SELECT id, name FROM roles');
  const grantable = ALL_PERMISSIONS.filter((p) => !EXCLUDED_FROM_CUSTOM_ROLES.has(p));
  const customRoles = Array.from({ length: SIZES.roles - builtIn.length }, (_, i) => ({
    id: randomUUID(),
    name: `bench-role-${i}`,
    permissions: distinct(int(1, 4), 0, grantable.length).map((k) => grantable[k]),
  }));
  const roleTime = stamp(BASE_TIME);
  await insert('roles', {
    id: ['uuid', customRoles.map((r) => r.id)],
    name: ['text', customRoles.map((r) => r.name)],
    description: ['text', customRoles.map((r) => `Bench role granting ${r.permissions.join(', ')}`)],
    built_in: ['boolean', customRoles.map(() => false)],
    created_at: ['timestamp', customRoles.map(() => roleTime)],
    updated_at: ['timestamp', customRoles.map(() => roleTime)],
  });
  const rolePermissions = customRoles.flatMap((r) => r.permissions.map((p) => [r.id, p]));
  await insert('role_permissions', {
    role_id: ['uuid', rolePermissions.map(([id]) => id)],
    permission: ['text', rolePermissions.map(([, p]) => p)],
  });

  // User roles: everyone has `user`, the admin `admin`, 30 % of the others one custom role (never the viewer).
  const permissionsOfUser = userIds.map(() => new Set());
  const userRoles = userIds.map((id) => [id, 'user']);
  userRoles.push([userIds[1], 'admin']);
  for (let i = 2; i < SIZES.users; i++) {
    if (random() >= SHARES.usersWithCustomRole) continue;
    const role = customRoles[int(0, customRoles.length)];
    userRoles.push([userIds[i], role.name]);
    for (const p of role.permissions) permissionsOfUser[i].add(p);
  }
  await insert('user_roles', {
    user_id: ['uuid', userRoles.map(([id]) => id)],
    role: ['text', userRoles.map(([, role]) => role)],
  });

  // Teams of 10: an owner, a maintainer and 8 members, drawn from users 2..; the viewer is a member of teams 0
  // and 1. 30 % of the teams are granted 1 or 2 custom roles.
  const teamIds = Array.from({ length: SIZES.teams }, () => randomUUID());
  const teamTimes = teamIds.map((_, t) => stamp(BASE_TIME + t * 3_600_000));
  await insert('teams', {
    id: ['uuid', teamIds],
    name: ['text', teamIds.map((_, t) => `bench-team-${t}`)],
    description: ['text', teamIds.map(() => null)],
    created_at: ['timestamp', teamTimes],
    updated_at: ['timestamp', teamTimes],
  });
  const membersOfTeam = teamIds.map((_, t) => {
    const members = distinct(SIZES.membersPerTeam, 2, SIZES.users);
    if (t < 2) members[members.length - 1] = 0;
    return members;
  });
  const teamMembers = membersOfTeam.flatMap((members, t) =>
    members.map((u, k) => [t, u, k === 0 ? 'owner' : k === 1 ? 'maintainer' : 'member']),
  );
  await insert('team_members', {
    team_id: ['uuid', teamMembers.map(([t]) => teamIds[t])],
    user_id: ['uuid', teamMembers.map(([, u]) => userIds[u])],
    role: ['text', teamMembers.map(([, , role]) => role)],
    joined_at: ['timestamp', teamMembers.map(([t]) => teamTimes[t])],
  });
  const teamRoles = [];
  for (let t = 0; t < SIZES.teams; t++) {
    if (random() >= SHARES.teamsWithRoles) continue;
    for (const k of distinct(int(1, 3), 0, customRoles.length)) {
      teamRoles.push([t, customRoles[k].id]);
      for (const u of membersOfTeam[t]) for (const p of customRoles[k].permissions) permissionsOfUser[u].add(p);
    }
  }
  await insert('team_roles', {
    team_id: ['uuid', teamRoles.map(([t]) => teamIds[t])],
    role_id: ['uuid', teamRoles.map(([, id]) => id)],
  });

  // Visibility groups: 20 users (from 2..) and 5 teams (from 2..) each; the viewer is in groups 0 and 1, team 0
  // in group 2.
  const groupIds = Array.from({ length: SIZES.groups }, () => randomUUID());
  const groupTimes = groupIds.map((_, g) => stamp(BASE_TIME + g * 3_600_000));
  await insert('visibility_groups', {
    id: ['uuid', groupIds],
    name: ['text', groupIds.map((_, g) => `bench-group-${g}`)],
    description: ['text', groupIds.map(() => null)],
    created_at: ['timestamp', groupTimes],
    updated_at: ['timestamp', groupTimes],
  });
  const groupMembers = [];
  for (let g = 0; g < SIZES.groups; g++) {
    for (const u of distinct(SIZES.groupUserMembers, 2, SIZES.users)) groupMembers.push([g, userIds[u], null]);
    for (const t of distinct(SIZES.groupTeamMembers, 2, SIZES.teams)) groupMembers.push([g, null, teamIds[t]]);
  }
  groupMembers.push([0, userIds[0], null], [1, userIds[0], null], [2, null, teamIds[0]]);
  await insert('group_members', {
    id: ['uuid', groupMembers.map(() => randomUUID())],
    group_id: ['uuid', groupMembers.map(([g]) => groupIds[g])],
    user_id: ['uuid', groupMembers.map(([, u]) => u)],
    team_id: ['uuid', groupMembers.map(([, , t]) => t)],
    added_at: ['timestamp', groupMembers.map(([g]) => groupTimes[g])],
  });

  // Resources, one every 5 minutes over the year after BASE_TIME, created by users 1.. (the viewer's aside);
  // 30 % owned by a team (from 2..), 20 % in a group (from 3..), 5 % of those in a second one.
  const resourceIds = Array.from({ length: SIZES.resources }, () => randomUUID());
  const createdBy = new Array(SIZES.resources);
  const ownerTeam = new Array(SIZES.resources).fill(null);
  const resourceGroups = [];
  const order = shuffled(SIZES.resources, random);
  const designed = new Map();
  let next = 0;
  for (const [share, count] of Object.entries(VIEWER_SHARES)) {
    for (let k = 0; k < count; k++) designed.set(order[next++], share);
  }
  for (let i = 0; i < SIZES.resources; i++) {
    const share = designed.get(i);
    createdBy[i] = share === 'created' ? 0 : int(1, SIZES.users);
    if (share === 'team0' || share === 'team1') ownerTeam[i] = share === 'team0' ? 0 : 1;
    else if (share?.startsWith('group')) resourceGroups.push([i, Number(share.slice('group'.length))]);
    else if (share === undefined) {
      if (random() < SHARES.resourcesWithOwnerTeam) ownerTeam[i] = int(2, SIZES.teams);
      if (random() < SHARES.resourcesInGroup) {
        const groups = distinct(random() < SHARES.resourcesInSecondGroup ? 2 : 1, 3, SIZES.groups);
        for (const g of groups) resourceGroups.push([i, g]);
      }
    }
  }
  const resourceTimes = resourceIds.map((_, i) => stamp(BASE_TIME + i * 300_000));
  await insert('resources', {
    id: ['uuid', resourceIds],
    type: ['text', resourceIds.map((_, i) => RESOURCE_TYPES[i % RESOURCE_TYPES.length])],
    name: ['text', resourceIds.map((_, i) => `bench-resource-${i}`)],
    owner_team_id: ['uuid', ownerTeam.map((t) => (t === null ? null : teamIds[t]))],
    created_by: ['uuid', createdBy.map((u) => userIds[u])],
    system_key: ['text', resourceIds.map(() => null)],
    attributes: ['text', resourceIds.map((_, i) => JSON.stringify({ n: i, env: i % 3 === 0 ? 'prod' : 'test' }))],
    created_at: ['timestamp', resourceTimes],
    updated_at: ['timestamp', resourceTimes],
  });
  await insert('resource_groups', {
    resource_id: ['uuid', resourceGroups.map(([i]) => resourceIds[i])],
    group_id: ['uuid', resourceGroups.map(([, g]) => groupIds[g])],
  });

  // Fresh statistics, as autovacuum would gather them soon after a bulk load.
  await db.exec('ANALYZE');
  const seconds = (performance.now() - started) / 1000;

  // The visibility rule in SQL, by itself (the same four branches as VISIBLE_IDS in the resource repository; the
  // id is one of ours, a UUID, so it can be written into the text).
  const viewer = `'${userIds[0]}'`;
  const [visible] = await db.query(
    `SELECT count(*) AS n FROM (
       SELECT v.id FROM resources v WHERE v.created_by = ${viewer}
       UNION SELECT v.id FROM resources v JOIN team_members vt ON vt.team_id = v.owner_team_id
         WHERE vt.user_id = ${viewer}
       UNION SELECT vg.resource_id FROM resource_groups vg
         JOIN group_members vm ON vm.group_id = vg.group_id WHERE vm.user_id = ${viewer}
       UNION SELECT vg.resource_id FROM resource_groups vg JOIN group_members vm ON vm.group_id = vg.group_id
         JOIN team_members vt ON vt.team_id = vm.team_id WHERE vt.user_id = ${viewer}) s`,
  );
  const holders = [];
  permissionsOfUser.forEach((permissions, u) => {
    for (const p of permissions) holders.push({ userId: userIds[u], email: emailOf(u), permission: p });
  });
  log(
    `seeded in ${seconds.toFixed(1)} s: ${Object.entries(counts)
      .map(([table, n]) => `${table} ${n.toLocaleString('en')}`)
      .join(', ')}`,
  );
  return {
    seconds,
    counts,
    viewer: { id: userIds[0], email: emailOf(0) },
    admin: { id: userIds[1], email: emailOf(1) },
    password: BENCH_PASSWORD,
    userIds,
    resourceIds,
    holders,
    usersWithPermissions: permissionsOfUser.filter((s) => s.size > 0).length,
    viewerVisible: Number(visible.n),
  };
}

/**
 * Writes to PostgreSQL through a connected `pg` client. Rows go in as INSERT ... SELECT * FROM
 * unnest($1::uuid[], $2::text[], ...): one array parameter per column, CHUNK_ROWS rows per statement.
 * `columns` maps each column name to [its PostgreSQL type, its values]; resolves to the row count.
 */
export function pgWriter(client) {
  return {
    async insertColumns(table, columns) {
      const names = Object.keys(columns);
      const rows = columns[names[0]][1].length;
      const sql =
        `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) ` +
        `SELECT * FROM unnest(${names.map((n, k) => `$${k + 1}::${columns[n][0]}[]`).join(', ')})`;
      for (let from = 0; from < rows; from += CHUNK_ROWS) {
        await client.query(
          sql,
          names.map((n) => columns[n][1].slice(from, from + CHUNK_ROWS)),
        );
      }
      return rows;
    },
    query: async (sql) => (await client.query(sql)).rows,
    exec: async (sql) => void (await client.query(sql)),
  };
}

/** Writes to SQLite through an open better-sqlite3 database: one prepared INSERT, one transaction per table. */
export function sqliteWriter(database) {
  const value = (v) => (typeof v === 'boolean' ? Number(v) : v); // SQLite keeps booleans as 0/1
  return {
    async insertColumns(table, columns) {
      const names = Object.keys(columns);
      const values = names.map((n) => columns[n][1]);
      const insert = database.prepare(
        `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      );
      database.transaction(() => {
        for (let i = 0; i < values[0].length; i++) insert.run(values.map((column) => value(column[i])));
      })();
      return values[0].length;
    },
    query: async (sql) => database.prepare(sql).all(),
    exec: async (sql) => void database.exec(sql),
  };
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0..n-1 in random order (Fisher-Yates). */
function shuffled(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// ---------------------------------------------------------------------------------------------------------------
// On its own: keyward_bench_access, migrated with the CLI, seeded, left in place.

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432');
  const database = 'keyward_bench_access';
  const urlOf = (name) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();

  const cwd = mkdtempSync(path.join(os.tmpdir(), 'keyward-seed-'));
  const migrate = spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), 'migrate'], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? cwd,
      NODE_ENV: 'production',
      DATABASE_URL: urlOf(database),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      LOG_LEVEL: 'warn',
    },
  });
  rmSync(cwd, { recursive: true, force: true });
  if (migrate.status !== 0) {
    console.error(`migrate failed (${migrate.status}):\n${migrate.stdout}${migrate.stderr}`);
    process.exit(1);
  }
  const client = new pg.Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    const seed = await seedAccess(pgWriter(client), { log: console.log });
    console.log(
      `${database}: the viewer ${seed.viewer.email} sees ${seed.viewerVisible} of ${SIZES.resources} resources; ` +
        `${seed.admin.email} is an admin; every password is "${BENCH_PASSWORD}"`,
    );
  } finally {
    await client.end();
  }
}
