// GET /auth/me throughput with WORKERS=1 and WORKERS=2 (node:cluster), alternating A B A B so that drifting
// background load hits both settings alike, medians compared as a ratio.
//
//   npm run bench:workers        (builds dist/ first, then runs this file)
//   node bench/workers.bench.mjs (when dist/ is already built)
//
// Environment:
//   BENCH_DURATION       seconds of each measured run (default 10); each run follows a 3 s warm-up
//   BENCH_ROUNDS         how many A B pairs (default 2)
//   BENCH_BACKEND        `postgres` (default: PostgreSQL + Redis, as me.bench) or `sqlite` (one SQLite file,
//                        embedded session store)
//   BENCH_DATABASE_URL, BENCH_REDIS_URL   as for me.bench
//
// Only one keyward runs at a time; the autocannon client runs in this process. With 2 cores, the client and
// two workers share them: WORKERS=2 can gain at most what the client leaves free.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  assertRunning,
  machine,
  parseDuration,
  printLoadNote,
  printTable,
  request,
  runBench,
  startKeyward,
  stopChild,
  trackLoad,
  writeResults,
} from './lib.mjs';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const ROUNDS = parseRounds(process.env.BENCH_ROUNDS);
const BACKEND = process.env.BENCH_BACKEND === 'sqlite' ? 'sqlite' : 'postgres';
const SETTINGS = [
  { name: 'A', workers: 1 },
  { name: 'B', workers: 2 },
];

// The SQLite file of the sqlite backend, shared by the instances of the run and removed after it.
const sqliteDir = BACKEND === 'sqlite' ? mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-workers-')) : null;
try {
  await runBench(main);
} finally {
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
}

async function main() {
  const loadBefore = os.loadavg()[0];
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'bench correct horse 42';
  let registered = false;
  let versions = {};
  const runs = [];

  console.log(
    `GET /auth/me: WORKERS=1 (A) vs WORKERS=2 (B), ${ROUNDS} x A B, ${CONNECTIONS} connections, ` +
      `${WARMUP_SECONDS} s warm-up + ${DURATION} s per run, ${BACKEND} (node ${process.version}, ${os.cpus().length} cores)`,
  );
  printLoadNote(loadBefore);
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const setting of SETTINGS) {
      // The instances share the run's database (and SQLite file): register once, log in on each.
      const backendEnv = sqliteDir
        ? { DATABASE_URL: `sqlite:${path.join(sqliteDir, 'keyward.sqlite')}`, REDIS_URL: '' }
        : {};
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
      const login = JSON.parse(await request('POST', `${url}/auth/login`, { body: { email, password }, expect: 200 }));
      const headers = { authorization: `Bearer ${login.accessToken}` };
      const expectBody = await request('GET', `${url}/auth/me`, { headers, expect: 200 });
      process.stdout.write(`  round ${round} ${setting.name} (WORKERS=${setting.workers}): warm-up...`);
      // The warm-up also covers the second worker's start: ready answers once the first one listens.
      await load(`${url}/auth/me`, headers, expectBody, WARMUP_SECONDS);
      process.stdout.write(' measuring...');
      const result = await load(`${url}/auth/me`, headers, expectBody, DURATION);
      assertRunning(started.child);
      await request('POST', `${url}/auth/logout-all`, { headers, expect: 204 });
      await stopChild(started.child);
      const bad = result.non2xx + result.errors + result.timeouts + result.mismatches;
      console.log(` ${result.requests.average.toFixed(0)} req/s${bad ? `, ${bad} failures` : ''}`);
      if (bad) {
        console.error(`FAILED: ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`);
        return 1;
      }
      runs.push({
        round,
        setting: setting.name,
        workers: setting.workers,
        reqPerSec: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
      });
    }
  }

  const summary = SETTINGS.map((setting) => {
    const mine = runs.filter((r) => r.setting === setting.name);
    return {
      setting: `${setting.name}: WORKERS=${setting.workers}`,
      runs: mine.map((r) => r.reqPerSec),
      reqPerSecMedian: median(mine.map((r) => r.reqPerSec)),
      latencyP99MsMedian: median(mine.map((r) => r.latencyP99Ms)),
    };
  });
  printTable(
    ['setting', 'req/s per run', 'req/s (median)', 'p99 ms (median)'],
    summary.map((s) => [
      s.setting,
      s.runs.map((v) => v.toFixed(0)).join(' '),
      s.reqPerSecMedian.toFixed(0),
      String(s.latencyP99MsMedian),
    ]),
  );
  const ratio = summary[1].reqPerSecMedian / summary[0].reqPerSecMedian;
  console.log(`WORKERS=2 / WORKERS=1, req/s (medians): ${ratio.toFixed(2)}`);

  const when = new Date();
  writeResults('workers', when, {
    benchmark: `GET /auth/me, WORKERS=1 vs WORKERS=2 (${BACKEND})`,
    date: when.toISOString(),
    settings: { connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION, rounds: ROUNDS },
    machine: machine({ ...versions, loadBefore }),
    runs,
    summary,
    ratio: { workers2OverWorkers1: ratio },
  });
  return 0;
}

function load(url, headers, expectBody, seconds) {
  return trackLoad(() => {
    const instance = autocannon({
      url,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: seconds,
      headers,
      expectBody,
    });
    return { stop: () => instance.stop(), done: instance };
  });
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
