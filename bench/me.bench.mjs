// GET /auth/me next to a bare Fastify route that returns the same JSON, in one run, on each backend: embedded
// (SQLite file + embedded session store, no Redis) and PostgreSQL + Redis.
//
//   npm run bench:me             (builds dist/ first, then runs this file)
//   node bench/me.bench.mjs      (when dist/ is already built)
//
// Environment:
//   BENCH_BACKEND        sqlite, postgres or both (default both: sqlite first, then postgres)
//   BENCH_DURATION       seconds of each measured run (default 10); each target also gets one 3 s warm-up run
//   BENCH_ROUNDS         measured runs per target, alternating keyward, bare, keyward, bare... (default 3)
//   BENCH_DATABASE_URL   PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432); the path is
//                        ignored: a fresh database keyward_bench_<random> is created there and dropped at the end
//   BENCH_REDIS_URL      Redis for sessions (default redis://127.0.0.1:6379/0)
//
// Process layout (the machine has 2 cores): the autocannon client runs in this process, keyward and the bare
// Fastify server each run in their own child process, so neither server shares an event loop with the client.
// Alternating the two targets and taking medians spreads whatever else the machine does over both.
/* global AbortSignal */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  assertRunning,
  beforeStop,
  freePort,
  isRunning,
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
  waitForStatus,
  writeResults,
} from './lib.mjs';

const bareServer = path.join(root, 'bench/bare-server.mjs');

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const ROUNDS = parseRounds(process.env.BENCH_ROUNDS);
const TARGET = { ratio: 0.6, p99Ms: 20 };

const BACKENDS = {
  sqlite: {
    label: 'embedded (SQLite + embedded sessions)',
    // A file in the bench's empty working directory; no REDIS_URL selects the embedded session store.
    env: { DATABASE_URL: 'sqlite:keyward.sqlite', REDIS_URL: undefined },
  },
  postgres: { label: 'PostgreSQL + Redis', env: {} },
};
const backends = parseBackends(process.env.BENCH_BACKEND);

await runBench(main);

async function main() {
  const loadBefore = os.loadavg()[0]; // before this bench adds its own load
  console.log(
    `GET /auth/me: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} x ${DURATION} s per ` +
      `target, alternating keyward and bare (node ${process.version}, ${os.cpus().length} cores, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
  printLoadNote(loadBefore);
  const reports = [];
  let versions;
  for (const backend of backends) {
    const report = await measureBackend(backend);
    if (!report) return 1;
    versions = report.versions;
    reports.push(report);
  }

  const when = new Date();
  writeResults('me', when, {
    benchmark: 'GET /auth/me vs bare Fastify GET /me, per backend',
    date: when.toISOString(),
    settings: {
      connections: CONNECTIONS,
      pipelining: 1,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      backends,
    },
    machine: machine({ ...versions, loadBefore }),
    summary: reports.map((r) => r.summary),
    backends: Object.fromEntries(reports.map((r) => [r.backend, r.details])),
  });
  return 0;
}

/** One backend: keyward and the bare server, warm-up, alternating measured runs; null when a request failed. */
async function measureBackend(backend) {
  const { label, env } = BACKENDS[backend];
  console.log(`\n${label}`);
  const {
    child: service,
    url: serviceUrl,
    tmpDir,
    postgresVersion,
    redisVersion,
  } = await startKeyward({
    env,
    name: `keyward (${backend})`,
  });

  // A user, a session, and the /auth/me body.
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'bench correct horse 42';
  await request('POST', `${serviceUrl}/auth/register`, { body: { email, password }, expect: 201 });
  const login = await request('POST', `${serviceUrl}/auth/login`, { body: { email, password }, expect: 200 });
  const token = JSON.parse(login).accessToken;
  if (typeof token !== 'string') throw new Error('POST /auth/login answered without an accessToken');
  const authorization = `Bearer ${token}`;
  // Revoke the bench session while keyward still runs, so that no session keys stay behind in Redis.
  const logout = async () => {
    if (!isRunning(service)) return;
    await fetch(`${serviceUrl}/auth/logout-all`, {
      method: 'POST',
      headers: { authorization },
      signal: AbortSignal.timeout(3000),
    }).catch(() => undefined);
  };
  beforeStop(logout);
  const meBody = await request('GET', `${serviceUrl}/auth/me`, { headers: { authorization }, expect: 200 });

  // The bare Fastify baseline, answering with the same JSON.
  const meFile = path.join(tmpDir, `me-${backend}.json`);
  writeFileSync(meFile, meBody);
  const barePort = await freePort();
  const bare = spawnChild('bare fastify', process.execPath, [bareServer, String(barePort), meFile], { cwd: root });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitForStatus(bare, `${bareUrl}/me`);
  const bareBody = await request('GET', `${bareUrl}/me`, { expect: 200 });
  if (bareBody !== meBody) throw new Error(`the bare server's body differs from keyward's:\n${bareBody}\n${meBody}`);

  // Every response body is compared with the one fetched above (autocannon counts differences as mismatches).
  const keyward = {
    name: 'keyward GET /auth/me',
    child: service,
    url: `${serviceUrl}/auth/me`,
    headers: { authorization },
    expectBody: meBody,
    runs: [],
  };
  const baseline = {
    name: 'bare fastify GET /me',
    child: bare,
    url: `${bareUrl}/me`,
    headers: {},
    expectBody: meBody,
    runs: [],
  };
  const targets = [keyward, baseline];
  for (const target of targets) {
    process.stdout.write(`  ${target.name}: warm-up ${WARMUP_SECONDS} s\n`);
    await load(target, WARMUP_SECONDS);
  }
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const target of targets) {
      const result = await load(target, DURATION);
      assertRunning(target.child);
      const run = summarise(result);
      target.runs.push(run);
      console.log(
        `  round ${round} ${target.name}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.latencyP50Ms} ms, ` +
          `p99 ${run.latencyP99Ms} ms (load average ${os.loadavg()[0].toFixed(2)})`,
      );
      if (run.non2xx || run.errors || run.timeouts || run.mismatches) {
        console.error(
          `FAILED ${target.name}: ${run.non2xx} non-2xx responses, ${run.errors} errors (${run.timeouts} timeouts), ` +
            `${run.mismatches} unexpected bodies; status codes ${JSON.stringify(result.statusCodeStats)}`,
        );
        return null;
      }
    }
  }
  await logout();
  await stopChild(service);
  await stopChild(bare);

  const medians = targets.map((t) => ({
    target: t.name,
    reqPerSec: median(t.runs.map((r) => r.reqPerSec)),
    latencyP50Ms: median(t.runs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: median(t.runs.map((r) => r.latencyP99Ms)),
  }));
  printTable(
    ['target (medians)', 'req/s', 'p50 (ms)', 'p99 (ms)', 'runs (req/s)'],
    medians.map((m, i) => [
      m.target,
      m.reqPerSec.toFixed(0),
      String(m.latencyP50Ms),
      String(m.latencyP99Ms),
      targets[i].runs.map((r) => r.reqPerSec.toFixed(0)).join(' / '),
    ]),
  );
  const [k, b] = medians;
  const ratio = k.reqPerSec / b.reqPerSec;
  const met = ratio >= TARGET.ratio && k.latencyP99Ms < TARGET.p99Ms;
  console.log(
    `  keyward / bare, req/s: ${ratio.toFixed(2)}x; keyward p99 ${k.latencyP99Ms} ms (${met ? '' : 'not '}met)`,
  );
  const thousands = (n) => Math.round(n).toLocaleString('en-US');
  return {
    backend,
    versions: { postgresVersion, redisVersion },
    summary: {
      figure: `GET /auth/me vs bare Fastify, ${CONNECTIONS} connections, ${label}`,
      value: `${ratio.toFixed(2)}x (${thousands(k.reqPerSec)} vs ${thousands(b.reqPerSec)} req/s), p99 ${k.latencyP99Ms} ms`,
      baseline: 'bare Fastify route returning the same JSON, same run, alternating runs, medians',
      target: `>= ${TARGET.ratio}x, p99 < ${TARGET.p99Ms} ms`,
      met,
      command: `BENCH_BACKEND=${backend} node bench/me.bench.mjs`,
    },
    details: {
      body: JSON.parse(meBody),
      medians,
      ratio,
      runs: Object.fromEntries(targets.map((t) => [t.name, t.runs])),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

function load(target, seconds) {
  return trackLoad(() => {
    const instance = autocannon({
      url: target.url,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: seconds,
      headers: target.headers,
      expectBody: target.expectBody,
    });
    return { stop: () => instance.stop(), done: instance };
  });
}

function summarise(result) {
  return {
    reqPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    requests: result.requests.total,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function parseRounds(raw) {
  if (raw === undefined || raw === '') return 3;
  const rounds = Number(raw);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) {
    console.error(`BENCH_ROUNDS: expected a whole number from 1 to 20 (got "${raw}")`);
    process.exit(2);
  }
  return rounds;
}

function parseBackends(raw) {
  if (raw === undefined || raw === '' || raw === 'both') return ['sqlite', 'postgres'];
  if (raw in BACKENDS) return [raw];
  console.error(`BENCH_BACKEND: expected sqlite, postgres or both (got "${raw}")`);
  process.exit(2);
}
