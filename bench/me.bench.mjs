// GET /auth/me on PostgreSQL + Redis, next to a bare Fastify route that returns the same JSON, in one run.
//
//   npm run bench:me             (builds dist/ first, then runs this file)
//   node bench/me.bench.mjs      (when dist/ is already built)
//
// Environment:
//   BENCH_DURATION       seconds of each measured run (default 10); each target also gets a 3 s warm-up run
//   BENCH_DATABASE_URL   PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432); the path is
//                        ignored: a fresh database keyward_bench_<random> is created there and dropped at the end
//   BENCH_REDIS_URL      Redis for sessions (default redis://127.0.0.1:6379/0)
//
// Process layout (the machine has 2 cores): the autocannon client runs in this process, keyward and the bare
// Fastify server each run in their own child process, so neither server shares an event loop with the client.
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
  trackLoad,
  waitForStatus,
  writeResults,
} from './lib.mjs';

const bareServer = path.join(root, 'bench/bare-server.mjs');

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const DURATION = parseDuration(process.env.BENCH_DURATION);

await runBench(main);

async function main() {
  const loadBefore = os.loadavg()[0]; // before this bench adds its own load

  // 1-2. A fresh database; keyward in a child process, ready.
  const { child: service, url: serviceUrl, tmpDir, postgresVersion, redisVersion } = await startKeyward();

  // 3. A user, a session, and the /auth/me body.
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'bench correct horse 42';
  await request('POST', `${serviceUrl}/auth/register`, { body: { email, password }, expect: 201 });
  const login = await request('POST', `${serviceUrl}/auth/login`, { body: { email, password }, expect: 200 });
  const token = JSON.parse(login).accessToken;
  if (typeof token !== 'string') throw new Error('POST /auth/login answered without an accessToken');
  const authorization = `Bearer ${token}`;
  // Revoke the bench session while keyward still runs, so that no session keys stay behind in Redis.
  beforeStop(async () => {
    if (!isRunning(service)) return;
    await fetch(`${serviceUrl}/auth/logout-all`, {
      method: 'POST',
      headers: { authorization },
      signal: AbortSignal.timeout(3000),
    });
  });
  const meBody = await request('GET', `${serviceUrl}/auth/me`, { headers: { authorization }, expect: 200 });

  // 4. The bare Fastify baseline, answering with the same JSON.
  const meFile = path.join(tmpDir, 'me.json');
  writeFileSync(meFile, meBody);
  const barePort = await freePort();
  const bare = spawnChild('bare fastify', process.execPath, [bareServer, String(barePort), meFile], { cwd: root });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitForStatus(bare, `${bareUrl}/me`);
  const bareBody = await request('GET', `${bareUrl}/me`, { expect: 200 });
  if (bareBody !== meBody) throw new Error(`the bare server's body differs from keyward's:\n${bareBody}\n${meBody}`);

  // 5. Load: warm-up, then the measured run, one target after the other. Every response body is compared
  //    with the one fetched above (autocannon counts differences as mismatches).
  console.log(
    `GET /auth/me: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION} s per target ` +
      `(node ${process.version}, PostgreSQL ${postgresVersion}, Redis ${redisVersion}, ${os.cpus().length} cores)`,
  );
  printLoadNote(loadBefore);
  const targets = [
    {
      name: 'keyward GET /auth/me',
      child: service,
      url: `${serviceUrl}/auth/me`,
      headers: { authorization },
      expectBody: meBody,
    },
    { name: 'bare fastify GET /me', child: bare, url: `${bareUrl}/me`, headers: {}, expectBody: meBody },
  ];
  for (const target of targets) {
    process.stdout.write(`  ${target.name}: warm-up...`);
    await load(target, WARMUP_SECONDS);
    process.stdout.write(' measuring...');
    target.result = await load(target, DURATION);
    process.stdout.write(' done\n');
    assertRunning(target.child);
  }

  // 6. Report.
  const rows = targets.map(({ name, result }) => ({
    target: name,
    reqPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    requests: result.requests.total,
  }));
  const [keyward, baseline] = rows;
  const ratios = {
    reqPerSec: keyward.reqPerSec / baseline.reqPerSec,
    latencyP99: keyward.latencyP99Ms / baseline.latencyP99Ms,
  };
  printTable(
    ['target', 'req/s (avg)', 'p50 (ms)', 'p99 (ms)', 'non-2xx'],
    rows.map((r) => [
      r.target,
      r.reqPerSec.toFixed(0),
      String(r.latencyP50Ms),
      String(r.latencyP99Ms),
      String(r.non2xx),
    ]),
  );
  console.log(
    `keyward / bare, req/s: ${ratios.reqPerSec.toFixed(3)}  (bare is ${(1 / ratios.reqPerSec).toFixed(1)}x faster)`,
  );
  console.log(`keyward / bare, p99:   ${ratios.latencyP99.toFixed(1)}`);

  const failures = rows.filter((r) => r.non2xx || r.errors || r.timeouts || r.mismatches);
  if (failures.length > 0) {
    for (const r of failures) {
      console.error(
        `FAILED ${r.target}: ${r.non2xx} non-2xx responses, ${r.errors} errors (${r.timeouts} timeouts), ` +
          `${r.mismatches} unexpected bodies`,
      );
    }
    for (const { result, name } of targets) {
      if (result.non2xx) console.error(`  ${name} status codes: ${JSON.stringify(result.statusCodeStats)}`);
    }
    return 1;
  }

  const when = new Date();
  writeResults('me', when, {
    benchmark: 'GET /auth/me (PostgreSQL + Redis) vs bare Fastify GET /me',
    date: when.toISOString(),
    settings: { connections: CONNECTIONS, pipelining: 1, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION },
    machine: machine({ postgresVersion, redisVersion, loadBefore }),
    body: JSON.parse(meBody),
    results: rows,
    ratios: { keywardOverBare: ratios },
  });
  return 0;
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
