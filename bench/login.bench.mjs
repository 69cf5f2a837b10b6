// Logins under flood (issue 13): POST /auth/login against raw argon2.verify with the same parameters at the same
// concurrency, alternating A B A B; then GET /auth/me latency at low concurrency, alone and during a login flood.
//
//   npm run bench:login        (builds dist/ first, then runs this file)
//   node bench/login.bench.mjs (when dist/ is already built)
//
// Environment:
//   BENCH_DURATION       seconds of each measured run (default 10), each after a 2 s warm-up
//   BENCH_ROUNDS         how many A B pairs of each comparison (default 2)
//   BENCH_CONCURRENCY    logins (and raw verifications) in flight at once (default 16)
//   BENCH_ME_CONNECTIONS GET /auth/me requests in flight at once while measuring its latency (default 2)
//   BENCH_BACKEND        `postgres` (default: PostgreSQL + Redis) or `sqlite` (one SQLite file, embedded sessions)
//   BENCH_ARGON2_CONCURRENCY     keyward's ARGON2_CONCURRENCY (default: keyward's default, the CPUs)
//   BENCH_SERVICE_NODE_OPTIONS   NODE_OPTIONS for keyward (e.g. --require of a preload starting the inspector's
//                                profiler: Node refuses --cpu-prof in NODE_OPTIONS)
//   BENCH_DATABASE_URL, BENCH_REDIS_URL   as for me.bench
//
// keyward runs with its defaults (no ARGON2_* set): the Argon2 parameters of the baseline are read from the
// service's configuration defaults (dist/), and checked against a hash keyward stored at registration.
// The raw baseline runs in a child process (bench/login-raw-argon2.mjs); the login and /me clients (fetch,
// keep-alive) in this one. Any answer other than the expected one fails the run: exit 1, no results file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  assertRunning,
  beforeStop,
  intFromEnv,
  machine,
  messageOf,
  nearestRank,
  parseDuration,
  printLoadNote,
  printTable,
  request,
  requestJson,
  root,
  runBench,
  spawnChild,
  startKeyward,
  trackLoad,
  withBenchClient,
  writeResults,
} from './lib.mjs';

const WARMUP_SECONDS = 2;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 2, 1, 10);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 16, 1, 512);
const ME_CONNECTIONS = intFromEnv('BENCH_ME_CONNECTIONS', 2, 1, 64);
const BACKEND = process.env.BENCH_BACKEND === 'sqlite' ? 'sqlite' : 'postgres';
const TARGET_RATIO = 0.9;
const TARGET_ME_P99_MS = 50;
const PASSWORD = 'correct horse battery staple, bench';

// The SQLite file of the sqlite backend, removed after the run.
const sqliteDir = BACKEND === 'sqlite' ? mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-login-')) : null;
try {
  await runBench(main);
} finally {
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
}

async function main() {
  const loadBefore = os.loadavg()[0];
  // keyward's own settings (BENCH_ARGON2_CONCURRENCY sets ARGON2_CONCURRENCY; unset, the default applies).
  const serviceEnv = process.env.BENCH_ARGON2_CONCURRENCY
    ? { ARGON2_CONCURRENCY: process.env.BENCH_ARGON2_CONCURRENCY }
    : {};
  const argon2 = serviceArgon2(serviceEnv);
  const sqliteFile = sqliteDir ? path.join(sqliteDir, 'keyward.sqlite') : null;
  const backendEnv = { ...serviceEnv, ...(sqliteFile ? { DATABASE_URL: `sqlite:${sqliteFile}`, REDIS_URL: '' } : {}) };
  // e.g. BENCH_SERVICE_NODE_OPTIONS='--require <profiler preload>' (Node refuses --cpu-prof in NODE_OPTIONS).
  if (process.env.BENCH_SERVICE_NODE_OPTIONS) backendEnv.NODE_OPTIONS = process.env.BENCH_SERVICE_NODE_OPTIONS;
  const { child: service, url, postgresVersion, redisVersion } = await startKeyward({ env: backendEnv });

  // Users to log in as, in turn; the last tokens of each revoke their sessions at the end (no keys left in Redis).
  const users = [];
  for (let i = 0; i < CONCURRENCY; i += 1) {
    const email = `login-bench-${randomUUID()}@example.com`;
    await request('POST', `${url}/auth/register`, { body: { email, password: PASSWORD }, expect: 201 });
    users.push({ email, accessToken: null });
  }
  beforeStop(() => logOutEveryone(url, users));
  const storedParams = await storedHashParameters(sqliteFile, users[0].email);
  const configParams = `m=${argon2.memoryKib},t=${argon2.passes},p=${argon2.parallelism}`;
  if (storedParams !== configParams) {
    throw new Error(`keyward stored a hash with ${storedParams}, its configuration defaults say ${configParams}`);
  }
  const meUser = await logIn(url, users[0]);

  console.log(
    `POST /auth/login vs raw argon2.verify (argon2id ${configParams}), ${CONCURRENCY} in flight, ` +
      `${WARMUP_SECONDS} s warm-up + ${DURATION} s per run, ${ROUNDS} x A B; ${BACKEND} ` +
      `(node ${process.version}, ${os.cpus().length} cores, keyward ARGON2_CONCURRENCY=${argon2.concurrency}, ` +
      `ARGON2_QUEUE_LIMIT=${argon2.queueLimit}, UV_THREADPOOL_SIZE=${argon2.threadPoolSize})`,
  );
  printLoadNote(loadBefore);

  // A: raw argon2 in a child process; B: keyward logins. A B A B.
  const raw = [];
  const logins = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    raw.push(await rawArgon2Run(argon2, round));
    assertRunning(service);
    logins.push(await loginRun(url, users, round));
    assertRunning(service);
  }

  // The flood: /me alone (A), then /me during logins at the same concurrency (B). A B A B.
  const meQuiet = [];
  const meFlood = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    meQuiet.push(await meRun(url, meUser.accessToken, null, round));
    meFlood.push(await meRun(url, meUser.accessToken, users, round));
    assertRunning(service);
  }

  const rawMedian = median(raw.map((r) => r.perSecond));
  const loginMedian = median(logins.map((r) => r.perSecond));
  const ratio = loginMedian / rawMedian;
  const quietP99 = median(meQuiet.map((r) => r.me.p99Ms));
  const floodP99 = median(meFlood.map((r) => r.me.p99Ms));
  const floodP50 = median(meFlood.map((r) => r.me.p50Ms));
  const floodLogins = median(meFlood.map((r) => r.logins.perSecond));

  printTable(
    ['run', 'per second', 'p50 (ms)', 'p99 (ms)', 'requests'],
    [
      ...raw.flatMap((r, i) => [
        row(`A${i + 1} raw argon2.verify x${CONCURRENCY}`, r),
        row(`B${i + 1} POST /auth/login x${CONCURRENCY}`, logins[i]),
      ]),
      ...meQuiet.flatMap((r, i) => [
        row(`A${i + 1} GET /auth/me x${ME_CONNECTIONS}, alone`, r.me),
        row(`B${i + 1} GET /auth/me x${ME_CONNECTIONS}, during the flood`, meFlood[i].me),
        row(`   the flood: POST /auth/login x${CONCURRENCY}`, meFlood[i].logins),
      ]),
    ],
  );
  console.log(
    `login / raw argon2 (medians): ${ratio.toFixed(2)}x (${fmt(loginMedian)} vs ${fmt(rawMedian)} per second; target >= ${TARGET_RATIO})`,
  );
  console.log(
    `GET /auth/me p99 during the flood (median of runs): ${floodP99.toFixed(1)} ms (alone ${quietP99.toFixed(1)} ms; target < ${TARGET_ME_P99_MS})`,
  );
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`);

  const command = `${BACKEND === 'sqlite' ? 'BENCH_BACKEND=sqlite ' : ''}node bench/login.bench.mjs`;
  const backendName = BACKEND === 'sqlite' ? 'SQLite, embedded sessions' : 'PostgreSQL + Redis';
  const when = new Date();
  writeResults('login', when, {
    benchmark: `POST /auth/login vs raw argon2.verify; GET /auth/me during a login flood (${backendName})`,
    date: when.toISOString(),
    settings: {
      backend: BACKEND,
      concurrency: CONCURRENCY,
      meConnections: ME_CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      argon2: { ...argon2 },
      storedHashParameters: storedParams,
    },
    machine: machine({ postgresVersion, redisVersion, loadBefore }),
    runs: { raw, logins, meQuiet, meFlood },
    summary: [
      {
        figure: `POST /auth/login vs raw argon2.verify, ${CONCURRENCY} in flight, ${backendName}`,
        value: `${ratio.toFixed(2)}x (${fmt(loginMedian)} vs ${fmt(rawMedian)} per second, medians of ${ROUNDS} A B pairs)`,
        baseline:
          `argon2.verify of a hash with keyward's default parameters (argon2id ${configParams}) in a child process, ` +
          `same concurrency, UV_THREADPOOL_SIZE=${argon2.concurrency} (keyward's ARGON2_CONCURRENCY), same run`,
        target: `>= ${TARGET_RATIO}x`,
        met: ratio >= TARGET_RATIO,
        command,
      },
      {
        figure: `GET /auth/me p99 during a login flood (${CONCURRENCY} logins in flight, ${ME_CONNECTIONS} /me in flight), ${backendName}`,
        value: `p99 ${floodP99.toFixed(1)} ms, p50 ${floodP50.toFixed(1)} ms (${fmt(floodLogins)} logins/s meanwhile)`,
        baseline: `GET /auth/me alone, same connections, same run: p99 ${quietP99.toFixed(1)} ms`,
        target: `p99 < ${TARGET_ME_P99_MS} ms`,
        met: floodP99 < TARGET_ME_P99_MS,
        command,
      },
    ],
  });
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

/** The Argon2 settings keyward runs with, given `env`: its own configuration code (defaults included), from dist/. */
function serviceArgon2(env) {
  const require = createRequire(import.meta.url);
  const { loadConfig } = require(path.join(root, 'dist/libs/core/src/config/load-config.js'));
  return { ...loadConfig({ DATA_DIR: os.tmpdir(), ...env }).argon2 };
}

/** `m=...,t=...,p=...` of the password hash keyward stored for `email`. */
async function storedHashParameters(sqliteFile, email) {
  const query = 'SELECT password_hash AS hash FROM users WHERE email = ';
  let hash;
  if (sqliteFile) {
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(sqliteFile, { readonly: true });
    try {
      hash = db.prepare(`${query}?`).get(email)?.hash;
    } finally {
      db.close();
    }
  } else {
    hash = await withBenchClient(async (client) => (await client.query(`${query}$1`, [email])).rows[0]?.hash);
  }
  // The PHC string: $argon2id$v=19$<parameters, in the library's order>$<salt>$<digest>.
  const fields = /^\$argon2id\$v=\d+\$([^$]+)\$/.exec(hash ?? '');
  const params = Object.fromEntries((fields?.[1] ?? '').split(',').map((pair) => pair.split('=')));
  if (!params.m || !params.t || !params.p) {
    throw new Error(`unexpected stored password hash for ${email}: ${String(hash).slice(0, 40)}`);
  }
  return `m=${params.m},t=${params.t},p=${params.p}`;
}

async function rawArgon2Run(argon2, round) {
  process.stdout.write(`  A${round} raw argon2.verify x${CONCURRENCY}...`);
  const settings = {
    memoryCost: argon2.memoryKib,
    timeCost: argon2.passes,
    parallelism: argon2.parallelism,
    concurrency: CONCURRENCY,
    warmupSeconds: WARMUP_SECONDS,
    durationSeconds: DURATION,
  };
  const child = spawnChild(
    'raw argon2',
    process.execPath,
    [path.join(root, 'bench/login-raw-argon2.mjs'), JSON.stringify(settings)],
    {
      cwd: root,
      // As many hashing threads as keyward's slots: on a busy machine the scheduler shares the CPU per thread, so a
      // baseline with more threads than keyward hashes on would take a larger share, not be faster per hash.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        UV_THREADPOOL_SIZE: String(argon2.concurrency),
      },
    },
  );
  await trackLoad(() => ({ stop: () => child.kill('SIGTERM'), done: child.exited }));
  if (child.exitCode !== 0)
    throw new Error(`raw argon2 run failed (exit ${child.exitCode ?? child.signalCode}):\n${child.output}`);
  const result = JSON.parse(child.output.trim().split('\n').at(-1));
  process.stdout.write(' done\n');
  return { perSecond: result.verifies / DURATION, p50Ms: result.p50Ms, p99Ms: result.p99Ms, requests: result.verifies };
}

async function loginRun(url, users, round) {
  process.stdout.write(`  B${round} POST /auth/login x${CONCURRENCY}...`);
  const result = await trackLoad(() =>
    loadFor(DURATION, [{ name: 'logins', workers: CONCURRENCY, call: loginCaller(url, users) }]),
  );
  process.stdout.write(' done\n');
  return result.logins;
}

/** /me latency for a run, alone (`users` null) or while logins at the bench's concurrency run. */
async function meRun(url, token, users, round) {
  process.stdout.write(
    `  ${users ? 'B' : 'A'}${round} GET /auth/me x${ME_CONNECTIONS}${users ? ' during the flood' : ''}...`,
  );
  const kinds = [{ name: 'me', workers: ME_CONNECTIONS, call: () => me(url, token) }];
  if (users) kinds.push({ name: 'logins', workers: CONCURRENCY, call: loginCaller(url, users) });
  const result = await trackLoad(() => loadFor(DURATION, kinds));
  process.stdout.write(' done\n');
  return result;
}

/**
 * Workers of each kind call `call()` back to back through a warm-up and a measured window; a call counts if it
 * ends within the window. The first failure stops everything and fails the run.
 */
function loadFor(seconds, kinds) {
  let stopped = false;
  let failure = null;
  const startedAt = performance.now();
  const windowFrom = startedAt + WARMUP_SECONDS * 1000;
  const windowTo = windowFrom + seconds * 1000;
  const latencies = Object.fromEntries(kinds.map((kind) => [kind.name, []]));
  const worker = async ({ name, call }) => {
    while (!stopped && performance.now() < windowTo) {
      const started = performance.now();
      try {
        await call();
      } catch (error) {
        failure ??= `${name}: ${messageOf(error)}`;
        stopped = true;
        return;
      }
      const ended = performance.now();
      if (ended >= windowFrom && ended <= windowTo) latencies[name].push(ended - started);
    }
  };
  const done = Promise.all(kinds.flatMap((kind) => Array.from({ length: kind.workers }, () => worker(kind)))).then(
    () => {
      if (failure) throw new Error(failure);
      return Object.fromEntries(Object.entries(latencies).map(([name, values]) => [name, summarize(values, seconds)]));
    },
  );
  return { stop: () => (stopped = true), done };
}

/** Logs in as each user in turn; keeps each user's latest access token (for the clean-up). */
function loginCaller(url, users) {
  let next = 0;
  return () => logIn(url, users[next++ % users.length]);
}

async function logIn(url, user) {
  const body = await requestJson('POST', `${url}/auth/login`, { body: { email: user.email, password: PASSWORD } });
  if (typeof body.accessToken !== 'string') throw new Error('POST /auth/login answered 200 without an accessToken');
  user.accessToken = body.accessToken;
  return user;
}

async function me(url, token) {
  const body = await requestJson('GET', `${url}/auth/me`, { token });
  if (typeof body.id !== 'string') throw new Error('GET /auth/me answered 200 without an id');
}

async function logOutEveryone(url, users) {
  for (const user of users) {
    if (user.accessToken)
      await request('POST', `${url}/auth/logout-all`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
        expect: 204,
      });
  }
}

function summarize(values, seconds) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) => nearestRank(sorted, p);
  return {
    perSecond: sorted.length / seconds,
    p50Ms: round(rank(50)),
    p99Ms: round(rank(99)),
    requests: sorted.length,
  };
}

function row(name, r) {
  return [name, fmt(r.perSecond), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1), String(r.requests)];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fmt(perSecond) {
  return perSecond.toFixed(1);
}

function round(value) {
  return Math.round(value * 10) / 10;
}
