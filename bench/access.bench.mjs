// Access control at scale: the internal permission check, POST /auth/authorize and the resources list, on
// PostgreSQL + Redis with 10,000 users, 1,000 teams, 50 roles, 200 visibility groups and 100,000 resources
// (bench/seed-access.mjs), one user of which sees 1 % of the resources.
//
//   npm run bench:access             (builds dist/ first, then runs this file)
//   node bench/access.bench.mjs      (when dist/ is already built)
//
// Environment:
//   BENCH_DURATION       seconds of each measured HTTP run (default 10); each target also gets a 3 s warm-up run
//   BENCH_CALLS          calls of each in-process check (default 5000), after 500 warm-up calls
//   BENCH_SQLITE         0 to skip the in-process checks on SQLite (default: run them)
//   BENCH_DATABASE_URL   PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432); the path is
//                        ignored: a fresh database keyward_bench_<random> is created there and dropped at the end
//   BENCH_REDIS_URL      Redis (default redis://127.0.0.1:6379/0)
//
// Process layout (the machine has 2 cores): keyward serving HTTP runs in a child process, as in me.bench.mjs, and
// autocannon in this process. The in-process checks build a second copy of the application in this process
// (createApp from dist/, not listening) on the same database and call its providers directly, one call at a time,
// while the child is idle.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import {
  assertRunning,
  beforeStop,
  checkpoint,
  isRunning,
  machine,
  parseDuration,
  printLoadNote,
  printTable,
  request,
  root,
  runBench,
  startKeyward,
  trackLoad,
  withBenchClient,
  writeResults,
} from './lib.mjs';
import { SIZES, VIEWER_VISIBLE, seedAccess, pgWriter, sqliteWriter } from './seed-access.mjs';

const require = createRequire(import.meta.url);
const dist = (file) => path.join(root, 'dist', file);

const CONNECTIONS = 10;
const WARMUP_SECONDS = 3;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const CALLS = parseCalls(process.env.BENCH_CALLS);
const WARMUP_CALLS = 500;
const LIST_CALLS = 200;
const LIST_WARMUP_CALLS = 20;
const SQLITE = process.env.BENCH_SQLITE !== '0';
const TARGET_P99_MS = 2;
const PAGE = 50;
const DATABASE_SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0';

await runBench(main);

async function main() {
  const loadBefore = os.loadavg()[0]; // before this bench adds its own load
  const runStarted = performance.now();

  // 1. A fresh database, migrated by keyward's start (child process, as in me.bench.mjs), then seeded with `pg`.
  const { child: service, url: serviceUrl, tmpDir, postgresVersion, redisVersion } = await startKeyward();
  console.log(
    `access control: ${SIZES.users.toLocaleString('en')} users, ${SIZES.teams.toLocaleString('en')} teams, ` +
      `${SIZES.roles} roles, ${SIZES.groups} groups, ${SIZES.resources.toLocaleString('en')} resources ` +
      `(node ${process.version}, PostgreSQL ${postgresVersion}, Redis ${redisVersion}, ${os.cpus().length} cores)`,
  );
  printLoadNote(loadBefore);
  const seed = await withBenchClient((client) =>
    seedAccess(pgWriter(client), { log: (line) => console.log(`  ${line}`) }),
  );
  checkpoint();
  console.log(
    `  the viewer sees ${seed.viewerVisible} of ${SIZES.resources.toLocaleString('en')} resources ` +
      `(${((100 * seed.viewerVisible) / SIZES.resources).toFixed(1)} %); ` +
      `${seed.usersWithPermissions.toLocaleString('en')} users hold at least one permission through a custom role`,
  );
  if (seed.viewerVisible !== VIEWER_VISIBLE) throw new Error(`the viewer should see ${VIEWER_VISIBLE} resources`);
  const pick = picker(seed);

  // 2. In process, on PostgreSQL + Redis.
  const databaseName = await withBenchClient(
    async (client) => (await client.query('SELECT current_database()')).rows[0],
  );
  const postgresApp = await startInProcess({
    DATABASE_URL: urlOf(databaseName.current_database),
    REDIS_URL,
    DATA_DIR: tmpDir,
  });
  const postgres = await measureInProcess(postgresApp, seed, pick, 'PostgreSQL');
  postgres.plans = await withBenchClient((client) => explainPostgres(client, postgres.listSql));
  await postgresApp.close();

  // 3. Over HTTP, against the child process.
  const http = await measureHttp(service, serviceUrl, seed, pick);

  // 4. In process, on SQLite (embedded session store): migrate, seed with better-sqlite3, measure.
  let sqlite = null;
  if (SQLITE) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-sqlite-'));
    beforeStop(async () => rmSync(dir, { recursive: true, force: true }));
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'keyward.sqlite')}`, DATA_DIR: dir };
    await (await startInProcess(env)).close(); // applies the migrations
    const database = new Database(path.join(dir, 'keyward.sqlite'));
    let sqliteSeed;
    try {
      sqliteSeed = await seedAccess(sqliteWriter(database), { log: (line) => console.log(`  SQLite: ${line}`) });
    } finally {
      database.close();
    }
    if (sqliteSeed.viewerVisible !== VIEWER_VISIBLE) throw new Error('SQLite: the viewer sees another count');
    const sqliteApp = await startInProcess(env);
    sqlite = await measureInProcess(sqliteApp, sqliteSeed, picker(sqliteSeed), 'SQLite');
    const reader = new Database(path.join(dir, 'keyward.sqlite'), { readonly: true });
    try {
      sqlite.plans = explainSqlite(reader, sqlite.listSql);
    } finally {
      reader.close();
    }
    await sqliteApp.close();
    sqlite.seedSeconds = sqliteSeed.seconds;
  }

  // 5. Report.
  const runSeconds = (performance.now() - runStarted) / 1000;
  printInProcess('PostgreSQL', postgres);
  printPlans(postgres.plans);
  printHttp(http);
  if (sqlite) {
    printInProcess('SQLite', sqlite);
    console.log('SQLite EXPLAIN QUERY PLAN of the viewer’s page query:');
    for (const line of sqlite.plans.viewerPage) console.log(`  ${line}`);
  }
  console.log(`\nseeding ${seed.seconds.toFixed(1)} s (PostgreSQL); whole run ${runSeconds.toFixed(0)} s`);

  const failures = http.rows.filter((r) => r.non2xx || r.errors || r.timeouts || r.mismatches);
  for (const r of failures) {
    console.error(
      `FAILED ${r.target}: ${r.non2xx} non-2xx responses, ${r.errors} errors (${r.timeouts} timeouts), ` +
        `${r.mismatches} unexpected bodies; status codes ${JSON.stringify(r.statusCodes)}`,
    );
  }
  if (failures.length > 0) return 1;

  const when = new Date();
  writeResults('access', when, {
    benchmark: 'access control: internal check, POST /auth/authorize, GET /auth/resources (PostgreSQL + Redis)',
    date: when.toISOString(),
    settings: {
      sizes: SIZES,
      viewerVisible: seed.viewerVisible,
      inProcessCalls: CALLS,
      inProcessWarmupCalls: WARMUP_CALLS,
      listCalls: LIST_CALLS,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION,
    },
    machine: machine({ postgresVersion, redisVersion, loadBefore }),
    seedSeconds: seed.seconds,
    runSeconds,
    rowCounts: seed.counts,
    inProcess: { postgres: withoutSql(postgres), sqlite: sqlite && withoutSql(sqlite) },
    http: http.rows,
  });
  assertRunning(service);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// In process

/** createApp from dist/ in this process (not listening), with the production settings of the child. */
async function startInProcess(env) {
  checkpoint();
  require('reflect-metadata');
  const { createLogger } = require(dist('libs/core/src/index.js'));
  const { createApp } = require(dist('apps/api/src/create-app.js'));
  const { loadServiceConfig } = require(dist('apps/api/src/service-config.js'));
  const config = loadServiceConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const app = await createApp(config, createLogger('warn'));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  beforeStop(close); // if the run is interrupted before the bench closes it
  return { app, close };
}

/**
 * The checks one call at a time, each on its own random input (drawn before the timing): exact percentiles of
 * the wall time of each call (nearest rank), calls per second of the sequential loop, and how many SQL queries
 * one call makes (TypeORM's logger counts them).
 */
async function measureInProcess({ app }, seed, pick, backend) {
  const { PermissionResolver, ResourceGate } = require(dist('libs/kernel/src/index.js'));
  const { AuthorizeInteractor } = require(dist('libs/access/src/index.js'));
  const { ResourceRepository } = require(dist('libs/access/src/domain/ports.js'));
  const { DataSource } = require('typeorm');
  const resolver = app.get(PermissionResolver);
  const authorize = app.get(AuthorizeInteractor);
  const gate = app.get(ResourceGate);
  const resources = app.get(ResourceRepository);
  const dataSource = app.get(DataSource);
  const sql = countingLogger(dataSource);

  const checks = [
    {
      name: 'SELECT 1 through TypeORM (baseline: one round trip)',
      input: () => null,
      call: () => dataSource.query('SELECT 1'),
    },
    {
      name: 'PermissionResolver.permissionsOf(random user)',
      input: () => pick.user(),
      call: (userId) => resolver.permissionsOf(userId),
    },
    {
      name: 'AuthorizeInteractor, permission held',
      input: () => pick.holder(),
      call: ({ userId, permission }) => authorize.execute({ actorId: userId, permission }),
      outcome: (decision) => decision.allowed,
    },
    {
      name: 'AuthorizeInteractor, permission + random resource',
      input: () => ({ ...pick.holder(), resourceId: pick.resource() }),
      call: ({ userId, permission, resourceId }) => authorize.execute({ actorId: userId, permission, resourceId }),
      outcome: (decision) => decision.allowed,
    },
    {
      name: 'ResourceGate.usableBy(random user, random resource)',
      input: () => [pick.user(), pick.resource()],
      call: ([userId, resourceId]) => gate.usableBy(userId, resourceId),
      outcome: (usable) => usable,
    },
  ];
  const lists = [
    {
      name: `ResourceRepository.list, viewer (1 %), limit ${PAGE}`,
      key: 'viewer',
      call: () => resources.list({ visibleTo: seed.viewer.id }, { limit: PAGE, offset: 0 }),
      outcome: (page) => `total ${page.total}`,
    },
    {
      name: `ResourceRepository.list, everything (admin), limit ${PAGE}`,
      key: 'admin',
      call: () => resources.list({ visibleTo: null }, { limit: PAGE, offset: 0 }),
      outcome: (page) => `total ${page.total}`,
    },
  ];

  console.log(`\nin process on ${backend}: ${CALLS} sequential calls per check after ${WARMUP_CALLS} warm-up calls`);
  const rows = [];
  for (const check of checks) {
    process.stdout.write(`  ${check.name}...`);
    rows.push(await timeCalls(check, CALLS, WARMUP_CALLS, sql));
    process.stdout.write(' done\n');
  }
  const listSql = {};
  for (const list of lists) {
    process.stdout.write(`  ${list.name}...`);
    rows.push(await timeCalls({ ...list, input: () => null }, LIST_CALLS, LIST_WARMUP_CALLS, sql));
    listSql[list.key] = await sql.capture(() => list.call());
    process.stdout.write(' done\n');
  }
  return { rows, listSql };
}

async function timeCalls(check, calls, warmupCalls, sql) {
  const inputs = Array.from({ length: warmupCalls + calls }, () => check.input());
  for (let i = 0; i < warmupCalls; i++) await check.call(inputs[i]);
  checkpoint();
  const samples = new Float64Array(calls);
  const outcomes = new Map();
  const queriesBefore = sql.count();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    const result = await check.call(inputs[warmupCalls + i]);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    if (check.outcome) {
      const key = String(check.outcome(result));
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const queriesPerCall = (sql.count() - queriesBefore) / calls;
  checkpoint();
  samples.sort();
  const rank = (p) => samples[Math.max(0, Math.ceil(p * calls) - 1)];
  return {
    check: check.name,
    calls,
    callsPerSec: calls / wallSeconds,
    p50Ms: rank(0.5),
    p99Ms: rank(0.99),
    maxMs: samples[calls - 1],
    meanMs: samples.reduce((a, b) => a + b, 0) / calls,
    queriesPerCall,
    outcomes: Object.fromEntries(outcomes),
  };
}

/** Wraps TypeORM's logger (which sees every query) to count queries and, on demand, capture them. */
function countingLogger(dataSource) {
  const original = dataSource.logger;
  let queries = 0;
  let captured = null;
  dataSource.logger = new Proxy(original, {
    get(target, property) {
      if (property === 'logQuery') {
        return (query, parameters, runner) => {
          queries += 1;
          captured?.push({ sql: query, parameters: parameters ?? [] });
          return target.logQuery(query, parameters, runner);
        };
      }
      const value = target[property];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    count: () => queries,
    /** The queries `work` makes: { page, count } for a resources list (the SQL TypeORM sends, and its parameters). */
    async capture(work) {
      captured = [];
      try {
        await work();
        return {
          page: captured.find((q) => /\bLIMIT\b/i.test(q.sql) && !/\bCOUNT\(/i.test(q.sql)),
          count: captured.find((q) => /\bCOUNT\(/i.test(q.sql)),
          all: captured.length,
        };
      } finally {
        captured = null;
      }
    },
  };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the page and count queries of both lists, as TypeORM sends them; for the viewer's
 * also the plan with random_page_cost = 1.1 (SSD-like, instead of PostgreSQL's default 4), and the plain time
 * (no EXPLAIN, median of 21) of page + count under each setting.
 */
async function explainPostgres(client, listSql) {
  const explain = async (query, settings = '') => {
    await client.query('BEGIN');
    try {
      if (settings) await client.query(settings);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.parameters);
      return rows.map((row) => row['QUERY PLAN']);
    } finally {
      await client.query('ROLLBACK');
    }
  };
  const plainMs = async (queries, settings = '') => {
    await client.query('BEGIN');
    try {
      if (settings) await client.query(settings);
      const times = [];
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        for (const query of queries) await client.query(query.sql, query.parameters);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[10];
    } finally {
      await client.query('ROLLBACK');
    }
  };
  const ssd = 'SET LOCAL random_page_cost = 1.1';
  const viewer = [listSql.viewer.page, listSql.viewer.count];
  return {
    sql: { viewerPage: listSql.viewer.page, viewerCount: listSql.viewer.count },
    viewerPage: await explain(listSql.viewer.page),
    viewerCount: await explain(listSql.viewer.count),
    viewerPageSsd: await explain(listSql.viewer.page, ssd),
    adminPage: await explain(listSql.admin.page),
    adminCount: await explain(listSql.admin.count),
    viewerPlainMs: await plainMs(viewer),
    viewerPlainMsSsd: await plainMs(viewer, ssd),
    adminPlainMs: await plainMs([listSql.admin.page, listSql.admin.count]),
  };
}

function explainSqlite(database, listSql) {
  const plan = (query) =>
    database
      .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...query.parameters)
      .map((row) => `${row.id}/${row.parent}: ${row.detail}`);
  return { viewerPage: plan(listSql.viewer.page), viewerCount: plan(listSql.viewer.count) };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

async function measureHttp(service, serviceUrl, seed, pick) {
  // Sessions: the viewer, an admin (asks about other users: authz:check) and one user per connection who holds
  // a permission (asks about themself). Every seeded user has the same password.
  const login = async (email) => {
    const body = await request('POST', `${serviceUrl}/auth/login`, {
      body: { email, password: seed.password },
      expect: 200,
    });
    const authorization = `Bearer ${JSON.parse(body).accessToken}`;
    beforeStop(async () => {
      if (!isRunning(service)) return;
      await fetch(`${serviceUrl}/auth/logout-all`, { method: 'POST', headers: { authorization } });
    });
    return authorization;
  };
  const viewer = await login(seed.viewer.email);
  const admin = await login(seed.admin.email);
  const selfAskers = [];
  for (const holder of seed.holders) {
    if (selfAskers.length === CONNECTIONS) break;
    if (selfAskers.some((s) => s.userId === holder.userId)) continue;
    selfAskers.push({ ...holder, authorization: await login(holder.email) });
  }

  const json = { 'content-type': 'application/json' };
  const perConnection = (headersAndBody) => {
    let next = 0;
    return (client) => {
      const { headers, body } = headersAndBody(next++ % CONNECTIONS);
      client.setHeadersAndBody(headers, body);
    };
  };
  const randomBody = (makeBody) => (req) => ({ ...req, body: JSON.stringify(makeBody()) });
  const decisions = () => {
    const tally = { true: 0, false: 0 };
    return {
      tally,
      verify: (body) => {
        const decision = JSON.parse(body);
        if (typeof decision.allowed !== 'boolean' || typeof decision.reason !== 'string') return false;
        tally[decision.allowed] += 1;
        return true;
      },
    };
  };
  const listBody = async (authorization, query) =>
    request('GET', `${serviceUrl}/auth/resources?${query}`, { headers: { authorization }, expect: 200 });
  const viewerFirst = await listBody(viewer, `limit=${PAGE}`);
  const viewerLast = await listBody(viewer, `limit=${PAGE}&offset=${VIEWER_VISIBLE - PAGE}`);
  const adminFirst = await listBody(admin, `limit=${PAGE}`);
  for (const [body, total] of [
    [viewerFirst, VIEWER_VISIBLE],
    [viewerLast, VIEWER_VISIBLE],
    [adminFirst, SIZES.resources],
  ]) {
    const page = JSON.parse(body);
    if (page.total !== total || page.items.length !== PAGE) {
      throw new Error(`GET /auth/resources: expected ${PAGE} of ${total}, got ${page.items.length} of ${page.total}`);
    }
  }
  const permissionsBody = await request('GET', `${serviceUrl}/auth/permissions`, {
    headers: { authorization: viewer },
    expect: 200,
  });

  const self = decisions();
  const other = decisions();
  const onResource = decisions();
  const targets = [
    {
      name: 'GET /auth/permissions (baseline: authentication only)',
      opts: { method: 'GET', path: '/auth/permissions', headers: { authorization: viewer } },
      expectBody: permissionsBody,
    },
    {
      name: 'POST /auth/authorize, self, permission held',
      opts: {
        method: 'POST',
        path: '/auth/authorize',
        setupClient: perConnection((k) => ({
          headers: { ...json, authorization: selfAskers[k % selfAskers.length].authorization },
          body: JSON.stringify({ permission: selfAskers[k % selfAskers.length].permission }),
        })),
      },
      verifyBody: self.verify,
      tally: self.tally,
    },
    {
      name: 'POST /auth/authorize, admin asks about a random user',
      opts: {
        method: 'POST',
        path: '/auth/authorize',
        headers: { ...json, authorization: admin },
        requests: [
          {
            setupRequest: randomBody(() => {
              const { userId, permission } = pick.holder();
              return { userId, permission };
            }),
          },
        ],
      },
      verifyBody: other.verify,
      tally: other.tally,
    },
    {
      name: 'POST /auth/authorize, random user + random resource',
      opts: {
        method: 'POST',
        path: '/auth/authorize',
        headers: { ...json, authorization: admin },
        requests: [
          {
            setupRequest: randomBody(() => {
              const { userId, permission } = pick.holder();
              return { userId, permission, resourceId: pick.resource() };
            }),
          },
        ],
      },
      verifyBody: onResource.verify,
      tally: onResource.tally,
    },
    {
      name: `GET /auth/resources?limit=${PAGE}, viewer (1 %)`,
      opts: { method: 'GET', path: `/auth/resources?limit=${PAGE}`, headers: { authorization: viewer } },
      expectBody: viewerFirst,
    },
    {
      name: `GET /auth/resources, viewer, last page`,
      opts: {
        method: 'GET',
        path: `/auth/resources?limit=${PAGE}&offset=${VIEWER_VISIBLE - PAGE}`,
        headers: { authorization: viewer },
      },
      expectBody: viewerLast,
    },
    {
      name: `GET /auth/resources?limit=${PAGE}, admin (baseline: no filter)`,
      opts: { method: 'GET', path: `/auth/resources?limit=${PAGE}`, headers: { authorization: admin } },
      expectBody: adminFirst,
    },
  ];
  console.log(
    `\nHTTP: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION} s per target, ` +
      `keyward in a child process`,
  );
  for (const target of targets) {
    process.stdout.write(`  ${target.name}: warm-up...`);
    await load(serviceUrl, target, WARMUP_SECONDS);
    if (target.tally) Object.assign(target.tally, { true: 0, false: 0 });
    process.stdout.write(' measuring...');
    target.result = await load(serviceUrl, target, DURATION);
    process.stdout.write(' done\n');
    assertRunning(service);
  }
  const rows = targets.map(({ name, result, tally }) => ({
    target: name,
    reqPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes: result.statusCodeStats,
    ...(tally ? { allowed: tally.true, denied: tally.false } : {}),
  }));
  return { rows };
}

function load(serviceUrl, target, seconds) {
  const { path: route, ...opts } = target.opts; // autocannon takes the path from the URL
  return trackLoad(() => {
    const instance = autocannon({
      url: `${serviceUrl}${route}`,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: seconds,
      ...opts,
      ...(target.expectBody ? { expectBody: target.expectBody } : {}),
      ...(target.verifyBody ? { verifyBody: target.verifyBody } : {}),
    });
    return { stop: () => instance.stop(), done: instance };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Output

function printInProcess(backend, { rows }) {
  const baseline = rows[0];
  console.log(`\nIn process, ${backend}, one call at a time (ms, exact percentiles):`);
  printTable(
    ['check', 'calls/s', 'p50', 'p99', 'max', 'queries/call', 'p50 / SELECT 1', 'outcomes'],
    rows.map((r) => [
      r.check,
      r.callsPerSec.toFixed(0),
      r.p50Ms.toFixed(3),
      r.p99Ms.toFixed(3),
      r.maxMs.toFixed(1),
      r.queriesPerCall.toFixed(1),
      (r.p50Ms / baseline.p50Ms).toFixed(1),
      Object.entries(r.outcomes)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', '),
    ]),
  );
  const check = rows.find((r) => r.check.startsWith('PermissionResolver'));
  console.log(
    `target: p99 of the internal check (permissionsOf) under ${TARGET_P99_MS} ms on ${backend}: ` +
      `${check.p99Ms.toFixed(3)} ms, ${check.p99Ms < TARGET_P99_MS ? 'met' : 'MISSED'}`,
  );
  const [viewer, admin] = rows.slice(-2);
  console.log(
    `resources list, viewer / everything: p50 ${(viewer.p50Ms / admin.p50Ms).toFixed(2)}, ` +
      `p99 ${(viewer.p99Ms / admin.p99Ms).toFixed(2)}`,
  );
}

function printPlans(plans) {
  const top = (title, lines, count = 14) => {
    console.log(`\n${title}`);
    for (const line of lines.slice(0, count)) console.log(`  ${line}`);
    if (lines.length > count) console.log(`  ... (${lines.length - count} more lines)`);
    const seqScans = lines.map((l) => /Seq Scan on (\w+)/.exec(l)?.[1]).filter(Boolean);
    const indexes = [
      ...new Set(lines.map((l) => /Index (?:Only )?Scan (?:using|on) ("[^"]+"|\w+)/.exec(l)?.[1])),
    ].filter(Boolean);
    console.log(`  => indexes: ${indexes.join(', ') || 'none'}; sequential scans: ${seqScans.join(', ') || 'none'}`);
    console.log(`  => ${lines.find((l) => l.startsWith('Execution Time')) ?? ''}`);
  };
  console.log(
    `\nThe viewer’s list as TypeORM sends it (page query):\n  ${plans.sql.viewerPage.sql.replace(/\s+/g, ' ')}`,
  );
  top('EXPLAIN (ANALYZE, BUFFERS), viewer, page query:', plans.viewerPage);
  top('EXPLAIN (ANALYZE, BUFFERS), viewer, count query:', plans.viewerCount, 8);
  top('the same page query with random_page_cost = 1.1:', plans.viewerPageSsd, 8);
  top('EXPLAIN (ANALYZE, BUFFERS), everything (admin), page query:', plans.adminPage, 8);
  top('EXPLAIN (ANALYZE, BUFFERS), everything (admin), count query:', plans.adminCount, 8);
  console.log(
    `\npage + count SQL alone (pg client, median of 21): viewer ${plans.viewerPlainMs.toFixed(1)} ms ` +
      `(${plans.viewerPlainMsSsd.toFixed(1)} ms with random_page_cost = 1.1), everything ${plans.adminPlainMs.toFixed(1)} ms`,
  );
}

function printHttp({ rows }) {
  const baseline = rows[0];
  console.log(`\nHTTP (autocannon, ${CONNECTIONS} connections; whole milliseconds):`);
  printTable(
    ['target', 'req/s (avg)', 'p50 (ms)', 'p99 (ms)', 'req/s / baseline', 'non-2xx', 'allowed / denied'],
    rows.map((r) => [
      r.target,
      r.reqPerSec.toFixed(0),
      String(r.latencyP50Ms),
      String(r.latencyP99Ms),
      (r.reqPerSec / baseline.reqPerSec).toFixed(2),
      String(r.non2xx),
      r.allowed === undefined ? '' : `${r.allowed} / ${r.denied}`,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------------------

/** Random inputs: any user, a (user, permission) pair that some role grants, any resource. */
function picker(seed) {
  const any = (list) => list[Math.floor(Math.random() * list.length)];
  return {
    user: () => any(seed.userIds),
    holder: () => any(seed.holders),
    resource: () => any(seed.resourceIds),
  };
}

function withoutSql(result) {
  const rest = { ...result };
  delete rest.listSql;
  return rest;
}

function urlOf(database) {
  const url = new URL(DATABASE_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

function parseCalls(raw) {
  if (raw === undefined || raw === '') return 5000;
  const calls = Number(raw);
  if (!Number.isInteger(calls) || calls < 100 || calls > 1_000_000) {
    console.error(`BENCH_CALLS: expected a whole number from 100 to 1000000 (got "${raw}")`);
    process.exit(2);
  }
  return calls;
}
