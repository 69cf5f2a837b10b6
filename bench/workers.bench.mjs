// GET /auth/me throughput with WORKERS=1 (A) and WORKERS=2 (B, node:cluster), alternating A B A B so that
// drifting background load hits both settings alike, medians compared as a ratio; on PostgreSQL + Redis and on
// one SQLite file in WAL mode shared by the cluster's processes. During each measured run it samples /proc for
// the CPU time of keyward's processes, the load generator, the run's PostgreSQL backends and Redis, and the whole
// machine, so that the table says where the cores went.
//
//   npm run bench:workers        (builds dist/ first, then runs this file)
//   node bench/workers.bench.mjs (when dist/ is already built)
//
// Environment:
//   BENCH_DURATION       seconds of each measured run (default 10); each run follows a 3 s warm-up
//   BENCH_ROUNDS         how many A B pairs per backend (default 2)
//   BENCH_BACKEND        `postgres` or `sqlite` for one of them (default: both, PostgreSQL + Redis first)
//   BENCH_CLIENT_CPU     pin the load generator to these cores with taskset (e.g. `1`); default: not pinned
//   BENCH_DATABASE_URL, BENCH_REDIS_URL   as for me.bench
//
// Only one keyward runs at a time. The load generator (autocannon) runs in a child process of its own
// (workers-load.mjs), so that its CPU use is measured apart and no server shares an event loop with it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import {
  assertRunning,
  machine,
  parseDuration,
  printLoadNote,
  printTable,
  request,
  root,
  runBench,
  spawnChild,
  startKeyward,
  stopChild,
  trackLoad,
  withBenchClient,
  writeResults,
} from './lib.mjs';
import { measureCpu, withChildren } from './workers-cpu.mjs';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const TARGET_RATIO = 1.7;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const ROUNDS = parseRounds(process.env.BENCH_ROUNDS);
const BACKENDS = parseBackends(process.env.BENCH_BACKEND);
const CLIENT_CPU = parseClientCpu(process.env.BENCH_CLIENT_CPU);
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0';
const SETTINGS = [
  { name: 'A', workers: 1 },
  { name: 'B', workers: 2 },
];

// The SQLite file of the sqlite backend, shared by the instances of the run and removed after it.
const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-workers-'));
try {
  await runBench(main);
} finally {
  rmSync(sqliteDir, { recursive: true, force: true });
}

async function main() {
  const loadBefore = os.loadavg()[0];
  const password = 'bench correct horse 42';
  let versions = {};
  const runs = [];

  console.log(
    `GET /auth/me: WORKERS=1 (A) vs WORKERS=2 (B), ${ROUNDS} x A B on ${BACKENDS.join(' and ')}, ` +
      `${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION} s per run, load generator ` +
      `${CLIENT_CPU ? `pinned to CPU ${CLIENT_CPU}` : 'not pinned'} (node ${process.version}, ${os.cpus().length} cores)`,
  );
  printLoadNote(loadBefore);
  for (const backend of BACKENDS) {
    // The instances of one backend share its database (and SQLite file): register once, log in on each.
    const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
    let registered = false;
    const backendEnv =
      backend === 'sqlite' ? { DATABASE_URL: `sqlite:${path.join(sqliteDir, 'keyward.sqlite')}`, REDIS_URL: '' } : {};
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const setting of SETTINGS) {
        const started = await startKeyward({
          name: `keyward WORKERS=${setting.workers}`,
          env: { WORKERS: String(setting.workers), ...backendEnv },
        });
        versions = { postgresVersion: started.postgresVersion, redisVersion: started.redisVersion };
        const url = started.url;
        if (!registered) {
          await request('POST', `${url}/auth/register`, { body: { email, password }, expect: 201 });
          registered = true;
        }
        const body = { email, password };
        const login = JSON.parse(await request('POST', `${url}/auth/login`, { body, expect: 200 }));
        const target = {
          url: `${url}/auth/me`,
          headers: { authorization: `Bearer ${login.accessToken}` },
          connections: CONNECTIONS,
        };
        target.expectBody = await request('GET', target.url, { headers: target.headers, expect: 200 });
        process.stdout.write(`  ${backend} round ${round} ${setting.name} (WORKERS=${setting.workers}): warm-up...`);
        // The warm-up also covers the second worker's start: ready answers once the first one listens.
        await load({ ...target, seconds: WARMUP_SECONDS });
        const keyward = withChildren(started.child.pid);
        if (keyward.length !== (setting.workers > 1 ? setting.workers + 1 : 1)) {
          throw new Error(`expected ${setting.workers} worker(s), found processes ${keyward.join(', ')}`);
        }
        const groups = { keyward, postgres: backend === 'postgres' ? await postgresBackends() : [] };
        if (backend === 'postgres') groups.redis = [await redisPid()];
        process.stdout.write(' measuring...');
        const { result, cpu } = await load({ ...target, seconds: DURATION }, groups);
        assertRunning(started.child);
        await request('POST', `${url}/auth/logout-all`, { headers: target.headers, expect: 204 });
        await stopChild(started.child);
        const bad = result.non2xx + result.errors + result.timeouts + result.mismatches;
        console.log(` ${result.requests.average.toFixed(0)} req/s${bad ? `, ${bad} failures` : ''}`);
        if (bad) {
          console.error(`FAILED: ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`);
          return 1;
        }
        runs.push({
          backend,
          round,
          setting: setting.name,
          workers: setting.workers,
          reqPerSec: result.requests.average,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
          cpu,
        });
      }
    }
  }

  const results = BACKENDS.map((backend) => resultOf(backend, runs));
  printTable(
    [
      'backend, setting',
      'req/s per run',
      'req/s (median)',
      'p99 ms',
      'keyward cores',
      'client',
      'pg',
      'redis',
      'machine',
    ],
    results.flatMap((r) => r.settings.map((s) => tableLine(r.backend, s))),
  );
  for (const r of results) console.log(`${r.backend}: WORKERS=2 / WORKERS=1, req/s (medians): ${r.ratio.toFixed(2)}`);

  const when = new Date();
  writeResults('workers', when, {
    benchmark: 'GET /auth/me, WORKERS=1 vs WORKERS=2',
    date: when.toISOString(),
    settings: {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      backends: BACKENDS,
      clientCpu: CLIENT_CPU,
    },
    machine: machine({ ...versions, loadBefore }),
    runs,
    results,
    summary: results.map(summaryRow),
  });
  return 0;
}

/** One backend's medians per setting (req/s, p99, CPU in cores per group) and the ratio B / A. */
function resultOf(backend, runs) {
  const settings = SETTINGS.map((setting) => {
    const mine = runs.filter((r) => r.backend === backend && r.setting === setting.name);
    const cores = (group) => median(mine.map((r) => sum(r.cpu.perGroup[group] ?? [])));
    return {
      setting: `${setting.name}: WORKERS=${setting.workers}`,
      runs: mine.map((r) => r.reqPerSec),
      reqPerSecMedian: median(mine.map((r) => r.reqPerSec)),
      latencyP99MsMedian: median(mine.map((r) => r.latencyP99Ms)),
      cpuCoresMedian: {
        keyward: cores('keyward'),
        client: cores('client'),
        postgres: cores('postgres'),
        redis: cores('redis'),
        machine: median(mine.map((r) => r.cpu.machineBusyCores)),
      },
      // Per process of the last run: how the cluster's workers share the load (the primary only forwards).
      keywardProcessesLastRun: mine.at(-1).cpu.perGroup.keyward,
    };
  });
  return { backend, settings, ratio: settings[1].reqPerSecMedian / settings[0].reqPerSecMedian };
}

function tableLine(backend, s) {
  const c = s.cpuCoresMedian;
  return [
    `${backend}, ${s.setting}`,
    s.runs.map((v) => v.toFixed(0)).join(' '),
    s.reqPerSecMedian.toFixed(0),
    String(s.latencyP99MsMedian),
    `${c.keyward.toFixed(2)} (${s.keywardProcessesLastRun.map((v) => v.toFixed(2)).join(' + ')})`,
    c.client.toFixed(2),
    backend === 'postgres' ? c.postgres.toFixed(2) : '-',
    backend === 'postgres' ? c.redis.toFixed(2) : '-',
    `${c.machine.toFixed(2)} / ${os.cpus().length}`,
  ];
}

function summaryRow({ backend, settings: [a, b], ratio }) {
  const label =
    backend === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite (WAL, shared by the processes), embedded sessions';
  const cpu = (s) =>
    `keyward ${s.cpuCoresMedian.keyward.toFixed(2)}, client ${s.cpuCoresMedian.client.toFixed(2)}` +
    (backend === 'postgres'
      ? `, PostgreSQL ${s.cpuCoresMedian.postgres.toFixed(2)}, Redis ${s.cpuCoresMedian.redis.toFixed(2)}`
      : '') +
    `, machine ${s.cpuCoresMedian.machine.toFixed(2)} of ${os.cpus().length}`;
  return {
    figure: `GET /auth/me, WORKERS=2 vs WORKERS=1, ${CONNECTIONS} connections, ${label}`,
    value:
      `${ratio.toFixed(2)}x (${fmt(b.reqPerSecMedian)} vs ${fmt(a.reqPerSecMedian)} req/s, medians of ${ROUNDS}); ` +
      `CPU cores, WORKERS=1: ${cpu(a)}; WORKERS=2: ${cpu(b)}`,
    baseline: 'WORKERS=1, same run, alternating A B A B',
    target: `>= ${TARGET_RATIO}x`,
    met: ratio >= TARGET_RATIO,
    command: `BENCH_BACKEND=${backend} node bench/workers.bench.mjs`,
  };
}

/**
 * One load run in a child process (workers-load.mjs); with `groups`, the CPU of those processes over the run,
 * and the client's own (which it reports). Resolves to { result, cpu }.
 */
function load(target, groups) {
  return trackLoad(() => {
    const args = [path.join(root, 'bench/workers-load.mjs'), JSON.stringify(target)];
    const [command, commandArgs] = CLIENT_CPU
      ? ['taskset', ['-c', CLIENT_CPU, process.execPath, ...args]]
      : [process.execPath, args];
    const client = spawnChild('load generator', command, commandArgs, { cwd: root, env: process.env });
    const cpu = groups ? measureCpu(groups) : null;
    let stdout = '';
    client.stdout.on('data', (chunk) => (stdout += chunk));
    // 'close', not 'exit': the result line may still be in the pipe when the process has exited.
    const closed = new Promise((resolve) => client.once('close', resolve));
    const done = closed.then((code) => {
      const usage = cpu?.stop();
      if (code !== 0) throw new Error(`the load generator exited with ${code}:\n${client.output}`);
      const result = JSON.parse(stdout);
      if (usage) usage.perGroup.client = [result.clientCpu.cores];
      return { result, cpu: usage };
    });
    return { stop: () => client.kill('SIGTERM'), done };
  });
}

/** The PostgreSQL backend processes serving the run's database (keyward's pools), this query's own excepted. */
async function postgresBackends() {
  return withBenchClient(async (client) => {
    const { rows } = await client.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.map((row) => row.pid);
  });
}

/** The Redis server's process (it serves other clients too: its figure is an upper bound for keyward's share). */
async function redisPid() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, connectTimeout: 3000 });
  try {
    return Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  } finally {
    redis.disconnect();
  }
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function fmt(value) {
  return Math.round(value).toLocaleString('en-US');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** BENCH_ROUNDS: 1 to 20 (default 2). */
function parseRounds(raw) {
  if (raw === undefined || raw === '') return 2;
  const rounds = Number(raw);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) {
    console.error(`BENCH_ROUNDS: expected a whole number from 1 to 20 (got "${raw}")`);
    process.exit(2);
  }
  return rounds;
}

function parseBackends(raw) {
  if (raw === undefined || raw === '') return ['postgres', 'sqlite'];
  if (raw === 'postgres' || raw === 'sqlite') return [raw];
  console.error(`BENCH_BACKEND: expected postgres or sqlite (got "${raw}")`);
  process.exit(2);
}

/** BENCH_CLIENT_CPU: a taskset CPU list (`1`, `0,1`, `0-1`); refused when taskset is missing. */
function parseClientCpu(raw) {
  if (raw === undefined || raw === '') return null;
  if (!/^\d+([,-]\d+)*$/.test(raw)) {
    console.error(`BENCH_CLIENT_CPU: expected a CPU list such as 1 or 0-1 (got "${raw}")`);
    process.exit(2);
  }
  if (spawnSync('taskset', ['-V']).error) {
    console.error('BENCH_CLIENT_CPU: taskset is not installed (util-linux)');
    process.exit(2);
  }
  return raw;
}
