// One-time secrets on PostgreSQL + Redis: create + reveal round trips per second at 20 concurrent clients, and
// the share of the time spent in the passphrase KDF (Argon2id), which both requests run once.
//
//   npm run bench:secrets             (builds dist/ first, then runs this file)
//   node bench/secrets.bench.mjs      (when dist/ is already built)
//
// Environment:
//   BENCH_DURATION       seconds of the measured run (default 10), after a 2 s warm-up
//   BENCH_DATABASE_URL   PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432); the path is
//                        ignored: a fresh database keyward_bench_<random> is created there and dropped at the end
//   BENCH_REDIS_URL      Redis (default redis://127.0.0.1:6379/0)
//
// A round trip: POST /auth/secrets {secret: 64 bytes, passphrase, ttl: 600} (201), then
// POST /auth/secrets/<secretKey> {passphrase} (200, the same secret). Each response carries
// `Server-Timing: kdf;dur=<ms>`, keyward's own measurement of the KDF. Dependent requests do not suit
// autocannon: 20 async workers in this process each run round trips back to back, with fetch (keep-alive).
// keyward runs in a child process, so it does not share an event loop with the client.
/* global AbortSignal */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import argon2 from 'argon2';
import {
  assertRunning,
  machine,
  messageOf,
  parseDuration,
  printLoadNote,
  printTable,
  request,
  runBench,
  startKeyward,
  trackLoad,
  withBenchClient,
  writeResults,
} from './lib.mjs';

const WORKERS = 20;
const WARMUP_SECONDS = 2;
const DURATION = parseDuration(process.env.BENCH_DURATION);
const SECRET_TTL_SECONDS = 600;
const REQUEST_TIMEOUT_MS = 30_000;
/** After this many failed round trips the run stops early (it has failed anyway). */
const MAX_FAILURES = 100;
/** Argon2 hashes timed one at a time in this process, with keyward's parameters, before the load. */
const CALIBRATION_HASHES = 15;
/** USER_HZ: the unit of utime and stime in /proc/<pid>/stat (100 on Linux on every common architecture). */
const CLOCK_TICKS_PER_SECOND = 100;

await runBench(main);

async function main() {
  const loadBefore = os.loadavg()[0]; // before this bench adds its own load
  const cores = os.cpus().length;

  // 1-2. A fresh database; keyward in a child process, ready.
  const { child: service, url: serviceUrl, postgresVersion, redisVersion } = await startKeyward();

  // 3. One round trip by hand: checks the responses and finds the KDF parameters keyward uses (the only place
  //    they show is the stored record, between create and reveal).
  const probe = { secret: randomSecret(), passphrase: randomPassphrase() };
  const created = JSON.parse(
    await request('POST', `${serviceUrl}/auth/secrets`, {
      body: { ...probe, ttl: SECRET_TTL_SECONDS },
      expect: 201,
    }),
  );
  const kdf = await withBenchClient(async (client) => {
    const { rows } = await client.query('SELECT kdf FROM secrets WHERE id = $1', [created.id]);
    return rows[0]?.kdf;
  });
  const kdfParams = /^argon2id\$m=(\d+),t=(\d+),p=(\d+)$/.exec(kdf ?? '');
  if (!kdfParams) throw new Error(`unexpected KDF in the secrets table: ${kdf}`);
  const revealed = JSON.parse(
    await request('POST', `${serviceUrl}/auth/secrets/${encodeURIComponent(created.secretKey)}`, {
      body: { passphrase: probe.passphrase },
      expect: 200,
    }),
  );
  if (revealed.secret !== probe.secret) throw new Error('the revealed secret differs from the one created');

  // 4. The CPU time of one KDF, measured here while nothing else runs: the same Argon2id call as keyward's.
  const kdfCpuMs = await calibrateKdf({
    memoryCost: Number(kdfParams[1]),
    timeCost: Number(kdfParams[2]),
    parallelism: Number(kdfParams[3]),
  });

  // 5. Load: 20 workers, a warm-up, then the measured window.
  console.log(
    `POST /auth/secrets + POST /auth/secrets/{key}: ${WORKERS} workers, ${WARMUP_SECONDS} s warm-up + ` +
      `${DURATION} s (node ${process.version}, PostgreSQL ${postgresVersion}, Redis ${redisVersion}, ${cores} cores, ` +
      `${kdf}, uncontended KDF ${kdfCpuMs.toFixed(1)} ms)`,
  );
  printLoadNote(loadBefore);
  process.stdout.write(`  keyward create + reveal: warm-up + measuring...`);
  const run = await trackLoad(() => startLoad(serviceUrl, service.pid));
  process.stdout.write(' done\n');
  assertRunning(service);

  // 6. Report.
  const trips = run.samples;
  const latencies = trips.map((t) => t.latencyMs).sort((a, b) => a - b);
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  const latencySumMs = sum(latencies);
  const kdfSumMs = sum(trips.map((t) => t.kdfCreateMs + t.kdfRevealMs));
  const n = Math.max(trips.length, 1);
  const windowSeconds = DURATION; // round trips count if they complete within the window
  const result = {
    target: 'keyward create + reveal',
    roundTrips: trips.length,
    roundTripsPerSec: trips.length / windowSeconds,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMeanMs: latencySumMs / n,
    latencyMaxMs: latencies.at(-1) ?? 0,
    kdfMeanMsPerRoundTrip: kdfSumMs / n,
    kdfMeanMsCreate: sum(trips.map((t) => t.kdfCreateMs)) / n,
    kdfMeanMsReveal: sum(trips.map((t) => t.kdfRevealMs)) / n,
    // Server-reported KDF time over round-trip time: how much of the latency is the KDF stage.
    kdfShareOfRoundTrip: kdfSumMs / Math.max(latencySumMs, 1e-9),
    // Server-reported KDF seconds per second of wall time, over the cores (includes waiting for a pool thread).
    kdfBusyCoresShare: kdfSumMs / 1000 / windowSeconds / cores,
    // The same with the KDF's uncontended CPU time: its share of the machine's CPU.
    kdfCpuShareCalibrated: (2 * trips.length * kdfCpuMs) / 1000 / windowSeconds / cores,
    // CPU time of keyward's process per second (in cores), and the calibrated KDF's part of it.
    keywardCpuCores: run.cpu.keywardCores,
    kdfShareOfKeywardCpu:
      run.cpu.keywardCores === null
        ? null
        : (2 * trips.length * kdfCpuMs) / 1000 / windowSeconds / Math.max(run.cpu.keywardCores, 1e-9),
    machineBusyShare: run.cpu.machineBusyShare,
    failures: run.failures.count,
    warmupRoundTrips: run.warmupRoundTrips,
  };

  printTable(
    ['target', 'round trips/s', 'p50 (ms)', 'p99 (ms)', 'mean (ms)', 'KDF/trip (ms)', 'KDF share', 'failures'],
    [
      [
        result.target,
        result.roundTripsPerSec.toFixed(1),
        result.latencyP50Ms.toFixed(0),
        result.latencyP99Ms.toFixed(0),
        result.latencyMeanMs.toFixed(1),
        result.kdfMeanMsPerRoundTrip.toFixed(1),
        percent(result.kdfShareOfRoundTrip),
        String(result.failures),
      ],
    ],
  );
  console.log(
    `KDF share of round-trip time:  ${percent(result.kdfShareOfRoundTrip)} (server-reported KDF ` +
      `${result.kdfMeanMsPerRoundTrip.toFixed(1)} ms = create ${result.kdfMeanMsCreate.toFixed(1)} + reveal ` +
      `${result.kdfMeanMsReveal.toFixed(1)}, of ${result.latencyMeanMs.toFixed(1)} ms per round trip)`,
  );
  console.log(
    `KDF busy cores:                ${percent(result.kdfBusyCoresShare)} of ${cores} cores (server-reported KDF ` +
      `seconds per second, ${(result.kdfBusyCoresShare * cores).toFixed(2)}; includes waiting for a pool thread)`,
  );
  console.log(
    `KDF CPU, calibrated:           ${percent(result.kdfCpuShareCalibrated)} of ${cores} cores ` +
      `(${2 * trips.length} KDFs x ${kdfCpuMs.toFixed(1)} ms in ${windowSeconds} s)`,
  );
  if (result.keywardCpuCores !== null) {
    console.log(
      `keyward process CPU:           ${result.keywardCpuCores.toFixed(2)} cores, of which the KDF ` +
        `${percent(result.kdfShareOfKeywardCpu)} (calibrated); machine busy ${percent(result.machineBusyShare)}`,
    );
  }

  if (run.failures.count > 0) {
    console.error(`FAILED: ${run.failures.count} round trip(s) failed; the first ones:`);
    for (const example of run.failures.examples) console.error(`  ${example}`);
    return 1;
  }
  if (trips.length === 0) {
    console.error('FAILED: no round trip completed in the measured window');
    return 1;
  }

  const when = new Date();
  writeResults('secrets', when, {
    benchmark: 'POST /auth/secrets + POST /auth/secrets/{key} round trips (PostgreSQL + Redis)',
    date: when.toISOString(),
    settings: {
      workers: WORKERS,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION,
      secretBytes: Buffer.byteLength(probe.secret),
      ttlSeconds: SECRET_TTL_SECONDS,
      kdf,
      kdfCpuMsUncontended: round(kdfCpuMs, 2),
    },
    machine: machine({ postgresVersion, redisVersion, loadBefore }),
    results: Object.fromEntries(
      Object.entries(result).map(([key, value]) => [key, typeof value === 'number' ? round(value, 4) : value]),
    ),
  });
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Runs the workers for the warm-up and the measured window, back to back, so the service never idles in between.
 * A round trip counts in the window if it completes within it; workers start no round trip after its end.
 */
function startLoad(baseUrl, servicePid) {
  const samples = [];
  const failures = { count: 0, examples: [] };
  let warmupRoundTrips = 0;
  let stopped = false;
  const startedAt = performance.now();
  const windowFrom = startedAt + WARMUP_SECONDS * 1000;
  const windowTo = windowFrom + DURATION * 1000;
  let cpuFrom = null;
  let cpuTo = null;
  const timers = [
    setTimeout(() => (cpuFrom = cpuSnapshot(servicePid)), windowFrom - startedAt),
    setTimeout(() => (cpuTo = cpuSnapshot(servicePid)), windowTo - startedAt),
  ];

  async function worker() {
    while (!stopped && performance.now() < windowTo) {
      try {
        const trip = await roundTrip(baseUrl);
        if (trip.endedAt >= windowFrom && trip.endedAt <= windowTo) samples.push(trip);
        else if (trip.endedAt < windowFrom) warmupRoundTrips += 1;
      } catch (error) {
        if (stopped) return;
        failures.count += 1;
        if (failures.examples.length < 5) failures.examples.push(messageOf(error));
        if (failures.count >= MAX_FAILURES) stopped = true;
      }
    }
  }

  const done = Promise.all(Array.from({ length: WORKERS }, worker)).then(() => {
    for (const timer of timers) clearTimeout(timer);
    const cpu = cpuFrom && cpuTo ? cpuDelta(cpuFrom, cpuTo) : { keywardCores: null, machineBusyShare: null };
    return { samples, failures, warmupRoundTrips, cpu };
  });
  // Stopping lets the round trips in flight finish (a second or so) rather than aborting them: keyward's
  // shutdown waits for connections on which a client aborted a request, as long as the client keeps them open.
  return { stop: () => (stopped = true), done };
}

async function roundTrip(baseUrl) {
  const secret = randomSecret();
  const passphrase = randomPassphrase();
  const startedAt = performance.now();
  const create = await post('POST /auth/secrets', `${baseUrl}/auth/secrets`, {
    body: { secret, passphrase, ttl: SECRET_TTL_SECONDS },
    expect: 201,
  });
  if (typeof create.body.secretKey !== 'string') throw new Error('POST /auth/secrets answered without a secretKey');
  const reveal = await post(
    'POST /auth/secrets/{key}',
    `${baseUrl}/auth/secrets/${encodeURIComponent(create.body.secretKey)}`,
    { body: { passphrase }, expect: 200 },
  );
  if (reveal.body.secret !== secret) throw new Error('POST /auth/secrets/{key} revealed another secret');
  const endedAt = performance.now();
  return { endedAt, latencyMs: endedAt - startedAt, kdfCreateMs: create.kdfMs, kdfRevealMs: reveal.kdfMs };
}

/** A POST of the load: its JSON body and the KDF time keyward reports in Server-Timing. */
async function post(what, url, { body, expect }) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== expect) throw new Error(`${what}: expected HTTP ${expect}, got ${response.status}: ${text}`);
  const timing = /(?:^|,)\s*kdf;(?:[^,]*;)*\s*dur=([0-9.]+)/.exec(response.headers.get('server-timing') ?? '');
  if (!timing) throw new Error(`${what}: no Server-Timing kdf;dur=... header`);
  return { body: JSON.parse(text), kdfMs: Number(timing[1]) };
}

/** The median CPU time of one Argon2id hash with keyward's parameters, one at a time, after two untimed ones. */
async function calibrateKdf(params) {
  const options = { type: argon2.argon2id, raw: true, hashLength: 32, ...params };
  const durations = [];
  for (let i = 0; i < CALIBRATION_HASHES + 2; i += 1) {
    const salt = randomBytes(16);
    const started = performance.now();
    await argon2.hash(randomPassphrase(), { ...options, salt });
    if (i >= 2) durations.push(performance.now() - started);
  }
  return percentile(
    durations.sort((a, b) => a - b),
    50,
  );
}

/** CPU time of keyward's process (all its threads; null where /proc is missing) and of the whole machine. */
function cpuSnapshot(pid) {
  let keyward = null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after "(comm)" start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    keyward = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    // not Linux, or the process is gone
  }
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { at: performance.now(), keyward, idleMs: idle, totalMs: total };
}

/** keyward's CPU seconds per second between two snapshots (in cores), and the machine's busy share. */
function cpuDelta(from, to) {
  const seconds = (to.at - from.at) / 1000;
  const totalMs = to.totalMs - from.totalMs;
  return {
    keywardCores: from.keyward === null || to.keyward === null ? null : (to.keyward - from.keyward) / seconds,
    machineBusyShare: totalMs > 0 ? 1 - (to.idleMs - from.idleMs) / totalMs : null,
  };
}

/** 64 bytes of text. */
function randomSecret() {
  return randomBytes(48).toString('base64');
}

function randomPassphrase() {
  return `bench ${randomBytes(9).toString('base64url')}`;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function percent(share) {
  return share === null ? 'n/a' : `${(share * 100).toFixed(1)} %`;
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
