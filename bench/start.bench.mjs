// Production start to healthy: milliseconds from launching `npm run start:prod` to the first 200 from
// GET /auth/health/ready, on an already migrated database (the restart an operator or an orchestrator sees), on
// PostgreSQL + Redis and on SQLite. Next to it, in the same rounds: `node dist/apps/api/src/main.js` (what npm
// adds) and `npm start` (its incremental build finds nothing to do). The commands alternate within each round
// (A B C A B C ...), so that background load drifting during the run hits all of them alike; medians are reported.
//
//   npm run bench:start          (builds dist/ first, then runs this file)
//   node bench/start.bench.mjs   (when dist/ is already built)
//
// Environment:
//   BENCH_RUNS      rounds (default 5)
//   BENCH_BACKEND   `postgres` or `sqlite` for one of them (default: both, PostgreSQL first)
//   BENCH_DATABASE_URL, BENCH_REDIS_URL   as for me.bench
//
// Each run is stopped with SIGTERM and waited for before the next one starts. The launches run from the checkout
// (npm needs its package.json), with DATA_DIR in a temporary directory and exactly the environment below.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  benchDatabaseUrl,
  checkpoint,
  freePort,
  isRunning,
  machine,
  printLoadNote,
  printTable,
  root,
  runBench,
  spawnChild,
  startKeyward,
  stopChild,
  writeResults,
} from './lib.mjs';

const TARGET_MS = 2000;
const READY_TIMEOUT_MS = 30_000;
const RUNS = positiveInt('BENCH_RUNS', 5);
const BACKENDS = parseBackends(process.env.BENCH_BACKEND);
const COMMANDS = [
  { name: 'npm run start:prod', command: 'npm', args: ['run', 'start:prod'] },
  { name: 'node dist/apps/api/src/main.js', command: process.execPath, args: ['dist/apps/api/src/main.js'] },
  { name: 'npm start', command: 'npm', args: ['start'] },
];

const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-start-'));
try {
  await runBench(main);
} finally {
  rmSync(sqliteDir, { recursive: true, force: true });
}

async function main() {
  const loadBefore = os.loadavg()[0];
  console.log(
    `Start to healthy: ${COMMANDS.map((c) => c.name).join(', ')}; ${RUNS} rounds on ${BACKENDS.join(' and ')} ` +
      `(node ${process.version}, ${os.cpus().length} cores)`,
  );
  printLoadNote(loadBefore);
  const results = [];
  let versions = {};
  for (const backend of BACKENDS) {
    const env = backend === 'postgres' ? await postgresEnv() : await sqliteEnv();
    versions = env.versions ?? versions;
    const runs = [];
    for (let round = 1; round <= RUNS; round += 1) {
      for (const target of COMMANDS) {
        const load = os.loadavg()[0];
        const ms = await timeToReady(target, env.vars);
        runs.push({ round, command: target.name, ms: Math.round(ms), loadAverage1m: Math.round(load * 100) / 100 });
        console.log(`  ${backend} round ${round}: ${target.name} ${ms.toFixed(0)} ms (load ${load.toFixed(2)})`);
      }
    }
    results.push({ backend, runs, medians: mediansOf(runs) });
  }

  printTable(
    ['backend, command (warm start)', 'ms to ready, per round', 'median ms'],
    results.flatMap(({ backend, runs, medians }) =>
      COMMANDS.map((c) => [
        `${backend}: ${c.name}`,
        runs
          .filter((r) => r.command === c.name)
          .map((r) => String(r.ms))
          .join(' '),
        String(medians[c.name]),
      ]),
    ),
  );

  const when = new Date();
  writeResults('start', when, {
    benchmark: 'production start (npm run start:prod) to healthy',
    date: when.toISOString(),
    settings: { rounds: RUNS, backends: BACKENDS, targetMs: TARGET_MS },
    machine: machine({ ...versions, loadBefore }),
    results,
    summary: results.map(summaryRow),
  });
  return 0;
}

function summaryRow({ backend, runs, medians }) {
  const prod = medians['npm run start:prod'];
  const node = medians['node dist/apps/api/src/main.js'];
  const perRun = runs.filter((r) => r.command === 'npm run start:prod').map((r) => r.ms);
  return {
    figure: `production start (npm run start:prod) to healthy, ${backend === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite, embedded'}, migrated database`,
    value: `${prod} ms median (runs ${perRun.join(', ')})`,
    baseline: `node dist/apps/api/src/main.js without npm, same rounds: ${node} ms (npm adds ${prod - node} ms); npm start: ${medians['npm start']} ms`,
    target: `< ${TARGET_MS / 1000} s`,
    met: prod < TARGET_MS,
    command: `BENCH_BACKEND=${backend} node bench/start.bench.mjs`,
  };
}

/** A fresh PostgreSQL database, migrated by an untimed first start (startKeyward), and Redis. */
async function postgresEnv() {
  const first = await startKeyward({ name: 'keyward (migrates the fresh database, untimed)' });
  await stopChild(first.child);
  return {
    versions: { postgresVersion: first.postgresVersion, redisVersion: first.redisVersion },
    vars: {
      DATABASE_URL: benchDatabaseUrl(),
      REDIS_URL: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0',
      DATA_DIR: first.tmpDir,
    },
  };
}

/** A SQLite file in a temporary directory, migrated by an untimed first start; embedded sessions. */
async function sqliteEnv() {
  const vars = { DATABASE_URL: `sqlite:${path.join(sqliteDir, 'keyward.sqlite')}`, REDIS_URL: '', DATA_DIR: sqliteDir };
  await timeToReady(COMMANDS[1], vars);
  return { vars };
}

/** Launches, waits for readiness, stops; resolves to the milliseconds from launch to the first 200. */
async function timeToReady({ name, command, args }, vars) {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? sqliteDir,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    ...vars,
  };
  const started = performance.now();
  const child = spawnChild(name, command, args, { cwd: root, env });
  try {
    while (performance.now() - started < READY_TIMEOUT_MS) {
      checkpoint();
      if (!isRunning(child)) throw new Error(`${name} exited before it was ready:\n${child.output}`);
      const ready = await fetch(`http://127.0.0.1:${port}/auth/health/ready`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) return performance.now() - started;
      await sleep(10);
    }
    throw new Error(`${name} not ready after ${READY_TIMEOUT_MS / 1000} s:\n${child.output}`);
  } finally {
    await stopChild(child);
  }
}

function mediansOf(runs) {
  return Object.fromEntries(COMMANDS.map((c) => [c.name, median(runs.filter((r) => r.command === c.name))]));
}

function median(runs) {
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

function parseBackends(raw) {
  if (raw === undefined || raw === '') return ['postgres', 'sqlite'];
  if (raw === 'postgres' || raw === 'sqlite') return [raw];
  console.error(`BENCH_BACKEND: expected postgres or sqlite (got "${raw}")`);
  process.exit(2);
}

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 50) {
    console.error(`${name}: expected a whole number from 1 to 50 (got "${raw}")`);
    process.exit(2);
  }
  return value;
}
