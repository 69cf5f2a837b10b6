// What the benchmarks in bench/ share: the run's life cycle (clean-up on every path, Ctrl-C), a fresh PostgreSQL
// database, keyward started as a child process in the production setup, HTTP and child-process helpers, the
// machine description and the results file. One benchmark per process: the state below is the process's.
/* global AbortSignal */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import pg from 'pg';

export const root = path.resolve(import.meta.dirname, '..');
const serviceMain = path.join(root, 'dist/apps/api/src/main.js');
const resultsDir = path.join(root, 'bench/results');

const READY_TIMEOUT_MS = 30_000;
const DATABASE_SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0';

/** Everything that has to be undone, whatever happens. */
const state = {
  children: [],
  adminUrl: null,
  dbName: null,
  dbCreated: false,
  tmpDir: null,
  beforeStop: [], // run while the servers still run (e.g. revoking a session), before they are stopped
  runningLoad: null, // { stop() } while load runs
  versions: null, // { postgresVersion, redisVersion } once the database exists
};

let cleanupPromise = null;
function cleanup() {
  cleanupPromise ??= doCleanup();
  return cleanupPromise;
}

async function doCleanup() {
  state.runningLoad?.stop();
  for (const hook of state.beforeStop) await hook().catch(() => undefined);
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

let aborted = null;

/**
 * Runs `main` (which resolves to the exit code) and cleans up on every path. On SIGINT/SIGTERM the run is
 * aborted: the load stops, `main` throws at its next checkpoint(), and the clean-up runs. A second signal (or a
 * `main` that does not wind down within 15 s) cleans up directly and exits.
 */
export async function runBench(main) {
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
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(aborted ? `bench interrupted (${aborted})` : `bench failed: ${messageOf(error)}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
    if (aborted) process.exitCode = 130;
  }
}

function forceExit() {
  for (const child of state.children) child.kill('SIGKILL');
  cleanup().finally(() => process.exit(130));
}

export function checkpoint() {
  if (aborted) throw new Error(`interrupted (${aborted})`);
}

/** Registers work for the clean-up to do while the servers still run. */
export function beforeStop(hook) {
  state.beforeStop.push(hook);
}

/**
 * Starts load with `start()`, which returns `{ stop, done }`: `stop()` is what an interruption or the clean-up
 * calls, `done` the promise of the result. Resolves to the result.
 */
export async function trackLoad(start) {
  checkpoint();
  const load = start();
  state.runningLoad = load;
  try {
    return await load.done;
  } finally {
    state.runningLoad = null;
    checkpoint();
  }
}

/**
 * The common start: a temporary working directory, a fresh database keyward_bench_<random>, the Redis version,
 * then keyward (node dist/apps/api/src/main.js) in a child process with the production environment below,
 * ready (GET /auth/health/ready answers 200).
 */
export async function startKeyward({ env = {}, name = 'keyward' } = {}) {
  if (!existsSync(serviceMain)) throw new Error(`${path.relative(root, serviceMain)} is missing: run npm run build`);
  // A bench comparing settings starts several instances (`env` added to the environment below); they share
  // the run's database and working directory, and start one after the other.
  state.versions ??= await createDatabase();

  // 2. keyward in a child process. Its working directory is an empty temporary directory, so that neither a
  //    developer's .env nor ./data of the checkout take part; its environment is exactly the one below.
  const port = await freePort();
  const child = spawnChild(name, process.execPath, [serviceMain], {
    cwd: state.tmpDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? state.tmpDir,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(state.dbName),
      REDIS_URL,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(child, `${url}/auth/health/ready`);
  return { child, url, tmpDir: state.tmpDir, ...state.versions };
}

/** 1. A temporary working directory and a fresh database; the versions of PostgreSQL and Redis. */
async function createDatabase() {
  state.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-'));
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
  return { postgresVersion, redisVersion };
}

/** Runs `work` with a client on the bench's own database. */
export async function withBenchClient(work) {
  return withClient(databaseUrl(state.dbName), work);
}

export function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

/** Throws, with its output, when `child` has exited. */
export function assertRunning(child, when = 'during the run') {
  if (!isRunning(child)) throw new Error(`${child.name} exited ${when}:\n${child.output}`);
}

export function spawnChild(name, command, args, options) {
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

/** Stops `child` (SIGTERM, then SIGKILL after 10 s); a bench comparing settings stops one instance before the next. */
export async function stopChild(child) {
  if (!isRunning(child)) return;
  child.kill('SIGTERM');
  // Unreferenced timers: once the child has exited, they must not keep this process alive.
  const exited = await Promise.race([child.exited.then(() => true), sleep(10_000, false, { ref: false })]);
  if (!exited) {
    child.kill('SIGKILL');
    await Promise.race([child.exited, sleep(5_000, undefined, { ref: false })]);
  }
}

export async function waitForStatus(child, url, status = 200) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    checkpoint();
    if (!isRunning(child)) {
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

/** One request outside the load (set-up, checks); its body as text, or an error unless the status is `expect`. */
export async function request(method, url, { body, headers = {}, expect }) {
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

export function freePort() {
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

function withAdminClient(work) {
  return withClient(state.adminUrl, work);
}

async function withClient(connectionString, work) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${redact(connectionString)}`, { cause: error });
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

/** BENCH_DURATION: whole seconds from 1 to 600 (default 10); anything else exits with code 2 before starting. */
export function parseDuration(raw) {
  if (raw === undefined || raw === '') return 10;
  const seconds = Number(raw);
  // The access token lives 15 minutes (ACCESS_TOKEN_TTL default); a longer run of me.bench would end in 401s.
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    console.error(`BENCH_DURATION: expected a whole number of seconds from 1 to 600 (got "${raw}")`);
    process.exit(2);
  }
  return seconds;
}

/** Says so when other processes were busy when the bench started. */
export function printLoadNote(loadBefore) {
  if (loadBefore > 1) {
    console.log(
      `  note: the 1-minute load average was ${loadBefore.toFixed(2)} when the bench started: other processes ` +
        'are busy, the numbers will be noisy',
    );
  }
}

/** The machine and software versions, for the results file. */
export function machine({ postgresVersion, redisVersion, loadBefore }) {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    postgres: postgresVersion,
    redis: redisVersion,
    loadAverage1mBefore: Math.round(loadBefore * 100) / 100,
    loadAverage1mAfter: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** Writes bench/results/<name>-<timestamp>.json (`when` is the report's date) and says where. */
export function writeResults(name, when, report) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}-${when.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function printTable(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log();
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log();
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

export function messageOf(error) {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.cause ? `${error.message} (${messageOf(error.cause)})` : error.message;
  return String(error);
}

// --- Helpers of login.bench.mjs and soak.bench.mjs (issue 13) ---------------------------------------------------

/**
 * A JSON request of a load (fetch, keep-alive): its parsed body (null when empty), or an error naming the route
 * unless the status is `expect`. `token` goes in as a Bearer token.
 */
export async function requestJson(method, url, { body, token, expect = 200, timeoutMs = 30_000 } = {}) {
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status !== expect) {
    throw new Error(
      `${method} ${new URL(url).pathname}: expected HTTP ${expect}, got ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return text ? JSON.parse(text) : null;
}

/** A whole number from `min` to `max` from the environment variable `name` (default `fallback`); else exits 2. */
export function intFromEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name}: expected a whole number from ${min} to ${max} (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

/** The value at percentile `p` (nearest rank) of ascending `sorted` values; 0 when there are none. */
export function nearestRank(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The run's own database (created by the first startKeyward), for a bench that launches keyward itself. */
export function benchDatabaseUrl() {
  if (!state.dbName) throw new Error('no bench database yet: call startKeyward first');
  return databaseUrl(state.dbName);
}

/** Runs a program with an argument array (no shell); resolves to its stdout, rejects with its stderr. */
export function runProgram(command, args, input) {
  checkpoint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr.trim().slice(-500)}`)),
    );
    child.stdin.end(input ?? '');
  });
}

/** A signing key `algo` protected with `passphrase` in GNUPGHOME `home`, as gpg makes it; its fingerprint. */
export async function generateGpgKey(home, uid, algo, passphrase) {
  const args = ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase-fd', '0'];
  await runProgram('gpg', [...args, '--quick-gen-key', uid, algo, 'sign', 'never'], `${passphrase}\n`);
  const listing = await runProgram('gpg', [
    '--homedir',
    home,
    '--batch',
    '--with-colons',
    '--list-secret-keys',
    `=${uid}`,
  ]);
  const fingerprint = listing
    .split('\n')
    .find((line) => line.startsWith('fpr:'))
    ?.split(':')[9];
  if (!fingerprint) throw new Error(`gpg made no key for ${uid}`);
  return fingerprint;
}
