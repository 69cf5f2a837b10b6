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
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const serviceMain = path.join(root, 'dist/apps/api/src/main.js');
const bareServer = path.join(root, 'bench/bare-server.mjs');
const resultsDir = path.join(root, 'bench/results');

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const READY_TIMEOUT_MS = 30_000;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const DATABASE_SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0';

/** Everything that has to be undone, whatever happens. */
const state = {
  children: [],
  adminUrl: null,
  dbName: null,
  dbCreated: false,
  tmpDir: null,
  service: null, // { baseUrl, token } once logged in, to revoke the session (Redis keys) at the end
  runningLoad: null,
};

let cleanupPromise = null;
function cleanup() {
  cleanupPromise ??= doCleanup();
  return cleanupPromise;
}

async function doCleanup() {
  state.runningLoad?.stop();
  // Revoke the bench session while keyward still runs, so that no session keys stay behind in Redis.
  if (
    state.service &&
    state.children.some((c) => c.name === 'keyward' && c.exitCode === null && c.signalCode === null)
  ) {
    await fetch(`${state.service.baseUrl}/auth/logout-all`, {
      method: 'POST',
      headers: { authorization: `Bearer ${state.service.token}` },
      signal: AbortSignal.timeout(3000),
    }).catch(() => undefined);
  }
  await Promise.all(state.children.map((child) => stopChild(child)));
  if (state.dbCreated) {
    try {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${state.dbName}" WITH (FORCE)`));
      state.dbCreated = false;
    } catch (error) {
      console.error(`could not drop database ${state.dbName}: ${messageOf(error)} (drop it by hand)`);
    }
  }
  if (state.tmpDir) rmSync(state.tmpDir, { recursive: true, force: true });
}

// On SIGINT/SIGTERM the run is aborted: the load stops, the main flow throws at its next step, and the
// `finally` below cleans up. A second signal (or a main flow that does not wind down within 15 s) cleans up
// directly and exits.
let aborted = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (aborted) {
      forceExit();
      return;
    }
    aborted = signal;
    console.error(`\n${signal}: stopping the servers and dropping the database...`);
    state.runningLoad?.stop();
    setTimeout(forceExit, 15_000).unref();
  });
}

function forceExit() {
  for (const child of state.children) child.kill('SIGKILL');
  cleanup().finally(() => process.exit(130));
}

function checkpoint() {
  if (aborted) throw new Error(`interrupted (${aborted})`);
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(aborted ? `bench interrupted (${aborted})` : `bench failed: ${messageOf(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  if (aborted) process.exitCode = 130;
}

async function main() {
  if (!existsSync(serviceMain)) throw new Error(`${path.relative(root, serviceMain)} is missing: run npm run build`);
  const loadBefore = os.loadavg()[0]; // before this bench adds its own load
  state.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-'));

  // 1. A fresh database.
  state.dbName = `keyward_bench_${randomBytes(4).toString('hex')}`;
  state.adminUrl = databaseUrl('postgres');
  const postgresVersion = await withAdminClient(async (client) => {
    await client.query(`CREATE DATABASE "${state.dbName}"`);
    state.dbCreated = true;
    return (await client.query('SHOW server_version')).rows[0].server_version;
  });
  checkpoint();
  const redisVersion = await readRedisVersion();
  checkpoint();

  // 2. keyward in a child process. Its working directory is an empty temporary directory, so that neither a
  //    developer's .env nor ./data of the checkout take part; its environment is exactly the one below.
  const servicePort = await freePort();
  const service = spawnChild('keyward', process.execPath, [serviceMain], {
    cwd: state.tmpDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? state.tmpDir,
      NODE_ENV: 'production',
      PORT: String(servicePort),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(state.dbName),
      REDIS_URL,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
    },
  });
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  await waitForStatus(service, `${serviceUrl}/auth/health/ready`);

  // 3. A user, a session, and the /auth/me body.
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'bench correct horse 42';
  await request('POST', `${serviceUrl}/auth/register`, { body: { email, password }, expect: 201 });
  const login = await request('POST', `${serviceUrl}/auth/login`, { body: { email, password }, expect: 200 });
  const token = JSON.parse(login).accessToken;
  if (typeof token !== 'string') throw new Error('POST /auth/login answered without an accessToken');
  state.service = { baseUrl: serviceUrl, token };
  const authorization = `Bearer ${token}`;
  const meBody = await request('GET', `${serviceUrl}/auth/me`, { headers: { authorization }, expect: 200 });

  // 4. The bare Fastify baseline, answering with the same JSON.
  const meFile = path.join(state.tmpDir, 'me.json');
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
  if (loadBefore > 1) {
    console.log(
      `  note: the 1-minute load average was ${loadBefore.toFixed(2)} when the bench started: other processes ` +
        'are busy, the numbers will be noisy',
    );
  }
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
    if (target.child.exitCode !== null || target.child.signalCode !== null) {
      throw new Error(`${target.child.name} exited during the run:\n${target.child.output}`);
    }
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
  printTable(rows, ratios);

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

  mkdirSync(resultsDir, { recursive: true });
  const when = new Date();
  const file = path.join(resultsDir, `me-${when.toISOString().replace(/[:.]/g, '-')}.json`);
  const report = {
    benchmark: 'GET /auth/me (PostgreSQL + Redis) vs bare Fastify GET /me',
    date: when.toISOString(),
    settings: { connections: CONNECTIONS, pipelining: 1, warmupSeconds: WARMUP_SECONDS, durationSeconds: DURATION },
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: postgresVersion,
      redis: redisVersion,
      loadAverage1mBefore: Math.round(loadBefore * 100) / 100,
      loadAverage1mAfter: Math.round(os.loadavg()[0] * 100) / 100,
    },
    body: JSON.parse(meBody),
    results: rows,
    ratios: { keywardOverBare: ratios },
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

async function load(target, seconds) {
  checkpoint();
  const instance = autocannon({
    url: target.url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    headers: target.headers,
    expectBody: target.expectBody,
  });
  state.runningLoad = instance;
  try {
    return await instance;
  } finally {
    state.runningLoad = null;
    checkpoint();
  }
}

function printTable(rows, ratios) {
  const header = ['target', 'req/s (avg)', 'p50 (ms)', 'p99 (ms)', 'non-2xx'];
  const lines = rows.map((r) => [
    r.target,
    r.reqPerSec.toFixed(0),
    String(r.latencyP50Ms),
    String(r.latencyP99Ms),
    String(r.non2xx),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log();
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log();
  console.log(
    `keyward / bare, req/s: ${ratios.reqPerSec.toFixed(3)}  (bare is ${(1 / ratios.reqPerSec).toFixed(1)}x faster)`,
  );
  console.log(`keyward / bare, p99:   ${ratios.latencyP99.toFixed(1)}`);
}

function spawnChild(name, command, args, options) {
  checkpoint();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  child.name = name;
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-16_384); // the last 16 KiB, shown on failure
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', resolve); // failed to spawn: there is no process to wait for
  });
  child.once('error', (error) => keep(`spawn error: ${error.message}\n`));
  state.children.push(child);
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const exited = await Promise.race([child.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!exited) {
    child.kill('SIGKILL');
    await Promise.race([child.exited, sleep(5_000)]);
  }
}

async function waitForStatus(child, url, status = 200) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    checkpoint();
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${child.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${child.output}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.status === status) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = messageOf(error);
    }
    await sleep(200);
  }
  throw new Error(`${child.name} not ready after ${READY_TIMEOUT_MS / 1000} s (${url}: ${last}):\n${child.output}`);
}

async function request(method, url, { body, headers = {}, expect }) {
  checkpoint();
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== expect) {
    throw new Error(`${method} ${new URL(url).pathname}: expected HTTP ${expect}, got ${response.status}: ${text}`);
  }
  return text;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function databaseUrl(database) {
  const url = new URL(DATABASE_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient(work) {
  const client = new pg.Client({ connectionString: state.adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${redact(state.adminUrl)}`, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readRedisVersion() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const info = await redis.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } catch (error) {
    throw new Error(`cannot connect to Redis at ${redact(REDIS_URL)}`, { cause: error });
  } finally {
    redis.disconnect();
  }
}

function parseDuration(raw) {
  if (raw === undefined || raw === '') return 10;
  const seconds = Number(raw);
  // The access token lives 15 minutes (ACCESS_TOKEN_TTL default); a longer run would end in 401s.
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    console.error(`BENCH_DURATION: expected a whole number of seconds from 1 to 600 (got "${raw}")`);
    process.exit(2);
  }
  return seconds;
}

function redact(value) {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function messageOf(error) {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.cause ? `${error.message} (${messageOf(error.cause)})` : error.message;
  return String(error);
}
