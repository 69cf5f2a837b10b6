// A soak (issue 13): BENCH_SOAK_SECONDS of a mixed workload at moderate concurrency on one keyward process
// (WORKERS=1), PostgreSQL + Redis, with every unexpected answer counted as an error and the process's memory
// sampled throughout. Targets: 0 errors; RSS growth after the warm-up below 10 %.
//
//   npm run bench:soak                          (builds dist/ first, then runs this file; 5 minutes)
//   BENCH_SOAK_SECONDS=60 node bench/soak.bench.mjs   (a quick check, dist/ already built)
//
// Environment:
//   BENCH_SOAK_SECONDS   length of the run (default 300, 30 to 7200); the warm-up is its first 20 %, at most 60 s
//   BENCH_SOAK_USERS     virtual users, each with an account of its own (default 12)
//   BENCH_SOAK_SAMPLE_SECONDS   seconds between memory samples (default 5)
//   BENCH_DATABASE_URL, BENCH_REDIS_URL   as for me.bench
//
// One virtual user repeats, back to back: log in; GET /auth/me twice; refresh (the refresh token rotates) and
// GET /auth/me with the new access token; create a one-time secret and reveal it; every 4th time, sign a 4 KiB
// file (ed25519 key with a passphrase, generated for the run in a GNUPGHOME under /tmp, as an administrator, since
// the signing key is a resource administrators see); log out. Memory: VmRSS of the service's process from
// /proc/<pid>/status, and the V8 heap from /auth/metrics (METRICS_TOKEN), every sample interval.
/* global AbortSignal, FormData, Blob */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import {
  assertRunning,
  beforeStop,
  intFromEnv,
  machine,
  messageOf,
  nearestRank,
  printLoadNote,
  printTable,
  request,
  requestJson,
  runBench,
  startKeyward,
  trackLoad,
  writeResults,
  generateGpgKey,
  runProgram,
} from './lib.mjs';

const SECONDS = intFromEnv('BENCH_SOAK_SECONDS', 300, 30, 7200);
const USERS = intFromEnv('BENCH_SOAK_USERS', 12, 1, 256);
const SAMPLE_SECONDS = intFromEnv('BENCH_SOAK_SAMPLE_SECONDS', 5, 1, 60);
const WARMUP_SECONDS = Math.min(60, Math.round(SECONDS * 0.2));
const SIGN_EVERY = 4;
const TARGET_GROWTH = 0.1;
const REQUEST_TIMEOUT_MS = 30_000;
const ADMIN_TOKEN_MAX_AGE_MS = 10 * 60_000; // access tokens live 15 minutes
const METRICS_TOKEN = randomBytes(24).toString('base64url');

await runBench(main);

async function main() {
  const loadBefore = os.loadavg()[0];

  // 1. A signing key with a passphrase, in a GNUPGHOME directly under /tmp (gpg-agent's socket path must stay short).
  const passphrase = randomBytes(18).toString('base64url');
  const gpgHome = mkdtempSync('/tmp/kws-');
  chmodSync(gpgHome, 0o700);
  beforeStop(async () => {
    await runProgram('gpgconf', ['--homedir', gpgHome, '--kill', 'all']).catch(() => undefined);
    rmSync(gpgHome, { recursive: true, force: true });
  });
  const keyId = await generateKey(gpgHome, passphrase);

  // 2. keyward, one process.
  const admin = { email: 'soak-admin@keyward.test', password: randomBytes(18).toString('base64url') };
  const {
    child: service,
    url,
    postgresVersion,
    redisVersion,
  } = await startKeyward({
    env: {
      WORKERS: '1',
      METRICS_TOKEN,
      GNUPGHOME: gpgHome,
      SIGNING_KEY_IDS: keyId,
      SIGNING_PASSPHRASE: passphrase,
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    },
  });
  const adminSession = adminSessionOf(url, admin);
  beforeStop(() => adminSession.logOutAll());
  const users = [];
  for (let i = 0; i < USERS; i += 1) {
    const user = { email: `soak-${randomUUID()}@example.com`, password: randomBytes(18).toString('base64url') };
    await request('POST', `${url}/auth/register`, { body: user, expect: 201 });
    users.push(user);
  }
  const file = randomBytes(4096);

  console.log(
    `soak: ${SECONDS} s (warm-up ${WARMUP_SECONDS} s), ${USERS} virtual users, memory every ${SAMPLE_SECONDS} s; ` +
      `PostgreSQL ${postgresVersion}, Redis ${redisVersion}, node ${process.version}, ${os.cpus().length} cores, ` +
      `service pid ${service.pid}`,
  );
  printLoadNote(loadBefore);

  // 3. The load, and the memory samples.
  const run = await trackLoad(() => startSoak({ url, servicePid: service.pid, users, adminSession, keyId, file }));
  assertRunning(service);

  // 4. Report.
  const samples = run.samples;
  const afterWarmup = samples.find((s) => s.atSeconds >= WARMUP_SECONDS) ?? samples[0];
  const end = samples.at(-1);
  const measured = samples.filter((s) => s.atSeconds >= afterWarmup.atSeconds);
  const maxRss = Math.max(...measured.map((s) => s.rssBytes));
  const growth = (end.rssBytes - afterWarmup.rssBytes) / afterWarmup.rssBytes;
  const heapGrowth = (end.heapUsedBytes - afterWarmup.heapUsedBytes) / afterWarmup.heapUsedBytes;
  const errors = Object.values(run.kinds).reduce((total, kind) => total + kind.errors, 0);

  printTable(
    ['request', 'count', 'per second', 'p50 (ms)', 'p99 (ms)', 'errors'],
    Object.entries(run.kinds).map(([name, kind]) => {
      const stats = summarize(kind.latencies);
      const { length } = kind.latencies;
      return [
        name,
        String(length),
        (length / SECONDS).toFixed(1),
        String(stats.p50Ms),
        String(stats.p99Ms),
        String(kind.errors),
      ];
    }),
  );
  printTable(
    ['memory (MiB)', 'after warm-up', 'end', 'max', 'growth'],
    [
      ['RSS (VmRSS)', mib(afterWarmup.rssBytes), mib(end.rssBytes), mib(maxRss), percent(growth)],
      [
        'V8 heap used',
        mib(afterWarmup.heapUsedBytes),
        mib(end.heapUsedBytes),
        mib(Math.max(...measured.map((s) => s.heapUsedBytes))),
        percent(heapGrowth),
      ],
    ],
  );
  console.log(
    `memory samples (s: RSS MiB / heap MiB): ${samples.map((s) => `${s.atSeconds}: ${mib(s.rssBytes)}/${mib(s.heapUsedBytes)}`).join(', ')}`,
  );
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`);

  if (errors > 0) {
    console.error(`FAILED: ${errors} unexpected answer(s); the first ones:`);
    for (const example of run.errorExamples) console.error(`  ${example}`);
    return 1;
  }

  const command = `${SECONDS === 300 ? '' : `BENCH_SOAK_SECONDS=${SECONDS} `}node bench/soak.bench.mjs`;
  const when = new Date();
  writeResults('soak', when, {
    benchmark: `soak: ${SECONDS} s of login, me, refresh, secrets and signing, one process (PostgreSQL + Redis)`,
    date: when.toISOString(),
    settings: {
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      users: USERS,
      sampleSeconds: SAMPLE_SECONDS,
      signEvery: SIGN_EVERY,
      keyId,
    },
    machine: machine({ postgresVersion, redisVersion, loadBefore }),
    requests: Object.fromEntries(
      Object.entries(run.kinds).map(([name, kind]) => [
        name,
        { count: kind.latencies.length, errors: kind.errors, ...summarize(kind.latencies) },
      ]),
    ),
    memory: {
      rssAfterWarmupBytes: afterWarmup.rssBytes,
      rssEndBytes: end.rssBytes,
      rssMaxBytes: maxRss,
      rssGrowth: round(growth, 4),
      heapUsedAfterWarmupBytes: afterWarmup.heapUsedBytes,
      heapUsedEndBytes: end.heapUsedBytes,
      heapUsedGrowth: round(heapGrowth, 4),
      samples,
    },
    summary: [
      {
        figure: `soak ${SECONDS} s, ${USERS} virtual users (login, me, refresh, secrets, signing): errors`,
        value: `${errors} errors in ${Object.values(run.kinds).reduce((total, kind) => total + kind.latencies.length, 0)} requests`,
        baseline: 'none (every answer checked against the expected status and body)',
        target: '0 errors',
        met: errors === 0,
        command,
      },
      {
        figure: `soak ${SECONDS} s, ${USERS} virtual users: RSS growth after the ${WARMUP_SECONDS} s warm-up, WORKERS=1`,
        value: `${percent(growth)} (${mib(afterWarmup.rssBytes)} -> ${mib(end.rssBytes)} MiB, max ${mib(maxRss)} MiB; V8 heap ${percent(heapGrowth)})`,
        baseline: `the service's VmRSS at ${afterWarmup.atSeconds} s, same run`,
        target: `< ${TARGET_GROWTH * 100} %`,
        met: growth < TARGET_GROWTH,
        command,
      },
    ],
  });
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

/** The virtual users and the memory sampler, for SECONDS. Unexpected answers are counted, and the user goes on. */
function startSoak({ url, servicePid, users, adminSession, keyId, file }) {
  let stopped = false;
  const startedAt = performance.now();
  const endAt = startedAt + SECONDS * 1000;
  const kinds = Object.fromEntries(
    ['login', 'me', 'refresh', 'secret create', 'secret reveal', 'sign', 'logout'].map((name) => [
      name,
      { latencies: [], errors: 0 },
    ]),
  );
  const errorExamples = [];
  const samples = [];

  /** Times one request of `kind`; an error is counted and rethrown so that the iteration stops there. */
  async function timed(kind, work) {
    const started = performance.now();
    try {
      const result = await work();
      kinds[kind].latencies.push(performance.now() - started);
      return result;
    } catch (error) {
      if (!stopped) {
        kinds[kind].errors += 1;
        if (errorExamples.length < 10) errorExamples.push(`${kind}: ${messageOf(error)}`);
      }
      throw error;
    }
  }

  async function iteration(user, count) {
    const login = await timed('login', () => requestJson('POST', `${url}/auth/login`, { body: user }));
    for (let i = 0; i < 2; i += 1) await timed('me', () => me(url, login.accessToken, user.email));
    const refreshed = await timed('refresh', async () => {
      const body = await requestJson('POST', `${url}/auth/refresh`, { body: { refreshToken: login.refreshToken } });
      if (body.refreshToken === login.refreshToken) throw new Error('POST /auth/refresh kept the refresh token');
      return body;
    });
    await timed('me', () => me(url, refreshed.accessToken, user.email));
    const secret = randomBytes(32).toString('base64url');
    const passphrase = randomBytes(12).toString('base64url');
    const created = await timed('secret create', () =>
      requestJson('POST', `${url}/auth/secrets`, {
        body: { secret, passphrase, ttl: 600 },
        token: refreshed.accessToken,
        expect: 201,
      }),
    );
    await timed('secret reveal', async () => {
      const path = `/auth/secrets/${encodeURIComponent(created.secretKey)}`;
      const revealed = await requestJson('POST', `${url}${path}`, { body: { passphrase } });
      if (revealed.secret !== secret) throw new Error('POST /auth/secrets/{key} revealed another secret');
    });
    if (count % SIGN_EVERY === 0) await timed('sign', async () => sign(url, await adminSession.token(), keyId, file));
    await timed('logout', () =>
      requestJson('POST', `${url}/auth/logout`, { token: refreshed.accessToken, expect: 204 }),
    );
  }

  async function virtualUser(user) {
    for (let count = 0; !stopped && performance.now() < endAt; count += 1) {
      await iteration(user, count).catch(() => undefined); // counted in timed(); the next iteration starts afresh
    }
  }

  async function sampler() {
    while (!stopped && performance.now() < endAt) {
      samples.push(await sample(url, servicePid, startedAt));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_SECONDS * 1000));
    }
    if (!stopped) samples.push(await sample(url, servicePid, startedAt));
  }

  const done = Promise.all([sampler(), ...users.map(virtualUser)]).then(() => ({ kinds, errorExamples, samples }));
  return { stop: () => (stopped = true), done };
}

async function me(url, token, email) {
  const body = await requestJson('GET', `${url}/auth/me`, { token });
  if (body.email !== email) throw new Error(`GET /auth/me answered for ${body.email}`);
}

async function sign(url, token, keyId, file) {
  const form = new FormData();
  form.append('file', new Blob([file]), 'soak.bin');
  const response = await fetch(`${url}/auth/sign?keyid=${keyId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.startsWith('-----BEGIN PGP SIGNATURE-----')) {
    throw new Error(`POST /auth/sign answered ${response.status}: ${text.slice(0, 200)}`);
  }
}

/** The administrator's session that signs; logged in again before its access token could expire. */
function adminSessionOf(url, credentials) {
  let current = null; // Promise of { accessToken, at }
  return {
    async token() {
      const session = current && (await current);
      if (session && performance.now() - session.at < ADMIN_TOKEN_MAX_AGE_MS) return session.accessToken;
      current = requestJson('POST', `${url}/auth/login`, { body: credentials }).then((body) => ({
        accessToken: body.accessToken,
        at: performance.now(),
      }));
      return (await current).accessToken;
    },
    async logOutAll() {
      if (!current) return;
      const { accessToken } = await current;
      await requestJson('POST', `${url}/auth/logout-all`, { token: accessToken, expect: 204 });
    },
  };
}

/** VmRSS of the process, and the V8 heap keyward reports in its metrics. */
async function sample(url, pid, startedAt) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  const response = await fetch(`${url}/auth/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /auth/metrics answered ${response.status}`);
  const metric = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    atSeconds: Math.round((performance.now() - startedAt) / 1000),
    rssBytes: rssKib * 1024,
    heapUsedBytes: metric('nodejs_heap_size_used_bytes'),
    externalBytes: metric('nodejs_external_memory_bytes'),
  };
}

function generateKey(home, passphrase) {
  return generateGpgKey(home, 'Keyward Soak <soak@keyward.test>', 'ed25519', passphrase);
}

function summarize(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p) => nearestRank(sorted, p);
  return { p50Ms: round(rank(50), 1), p99Ms: round(rank(99), 1) };
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(1);
}

function percent(share) {
  return `${(share * 100).toFixed(1)} %`;
}

function round(value, digits) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
