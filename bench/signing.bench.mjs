// PGP signing on PostgreSQL + Redis. Issue 13's figure first: POST /auth/sign with SIGNING_FAST_UNPROTECT (on by
// default) and 2 agents at parallelism 8, next to the original service's per-file protocol and to keyward with
// SIGNING_FAST_UNPROTECT=false, in rounds A B C A B C. Then, with the keys as gpg protects them (fast unprotect
// off): POST /auth/sign against raw gpg, one gpg-agent against two; a batch against single signs; and the
// service's memory while it signs a 100 MB upload.
//
//   npm run bench:signing             (builds dist/ first, then runs this file)
//   node bench/signing.bench.mjs      (when dist/ is already built)
//
// Environment:
//   BENCH_ROUNDS         rounds of the issue 13 comparison (default 2; the table shows each run and the medians)
//   BENCH_FAST_SIGNS     signatures per run of keyward with fast unprotect (default 120; about 30 ms each)
//   BENCH_SIGNS          signatures per run of everything else (default 24; about 0.6 s each per agent)
//   BENCH_BATCH_FILES    files in the batch scenario (default 100)
//   BENCH_DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432); a fresh database
//                        keyward_bench_<random> is created there and dropped at the end
//   BENCH_REDIS_URL      Redis (default redis://127.0.0.1:6379/0)
//
// Two keys are generated for the run, an RSA-4096 and an ed25519 key, each protected with a passphrase as gpg
// protects keys by default (the agent's calibrated S2K, which every signature pays unless the agent copies are
// re-protected). Three keyward processes run on the same database (each its own DATA_DIR, so its own agent
// copies): 1 agent and 2 agents with SIGNING_FAST_UNPROTECT=false, and 2 agents with it on. They are measured
// one after the other, never at once. The clients (fetch, and the raw gpg processes) run in this process.
/* global AbortSignal, FormData, Blob, setInterval, clearInterval */
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  assertRunning,
  beforeStop,
  checkpoint,
  machine,
  messageOf,
  printLoadNote,
  printTable,
  request,
  runBench,
  startKeyward,
  writeResults,
  generateGpgKey,
  runProgram,
} from './lib.mjs';

const FILE_BYTES = 4096;
const SIGNS = positiveInt('BENCH_SIGNS', 24);
const FAST_SIGNS = positiveInt('BENCH_FAST_SIGNS', 120);
const ROUNDS = positiveInt('BENCH_ROUNDS', 2);
/** The original service ran its gpg processes from 4 worker threads. */
const ORIGINAL_PARALLELISM = 4;
const BATCH_FILES = positiveInt('BENCH_BATCH_FILES', 100);
const UPLOAD_BYTES = 100_000_000; // SIGNING_MAX_UPLOAD_BYTES's default, the largest upload keyward accepts
const WARMUP_SIGNS = 2;
const REQUEST_TIMEOUT_MS = 300_000;
const TARGETS = {
  fastPerSecond: 30,
  fastOverOriginal: 10,
  serviceOverRaw: 0.85,
  twoAgentsOverOne: 1.8,
  rssGrowthMiB: 64,
};
const COMMAND = 'node bench/signing.bench.mjs';

await runBench(main);

async function main() {
  const loadBefore = os.loadavg()[0];
  const passphrase = randomBytes(18).toString('base64url');

  // 1. Keys: a GNUPGHOME directly under /tmp (gpg-agent's socket path must stay short).
  const gpgHome = mkdtempSync('/tmp/kwb-');
  chmodSync(gpgHome, 0o700);
  beforeStop(async () => {
    await runProgram('gpgconf', ['--homedir', gpgHome, '--kill', 'all']).catch(() => undefined);
    rmSync(gpgHome, { recursive: true, force: true });
  });
  process.stdout.write('generating an RSA-4096 and an ed25519 key with passphrases...');
  const keys = [];
  for (const algo of ['rsa4096', 'ed25519']) keys.push(await generateKey(gpgHome, algo, passphrase));
  process.stdout.write(' done\n');

  // 2. keyward three times: one and two agents on the keys as created, two agents with the copies re-protected.
  const admin = { email: 'bench-admin@keyward.test', password: randomBytes(18).toString('base64url') };
  const common = {
    GNUPGHOME: gpgHome,
    SIGNING_KEY_IDS: keys.map((k) => k.fingerprint).join(','),
    SIGNING_PASSPHRASE: passphrase,
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
  };
  const slow = { SIGNING_FAST_UNPROTECT: 'false' };
  const one = await startService(
    '1 agent, fast unprotect off',
    { ...common, ...slow, SIGNING_AGENTS: '1', DATA_DIR: 'data-1' },
    admin,
  );
  const two = await startService(
    '2 agents, fast unprotect off',
    { ...common, ...slow, SIGNING_AGENTS: '2', DATA_DIR: 'data-2' },
    admin,
  );
  const fast = await startService(
    '2 agents, fast unprotect',
    { ...common, SIGNING_AGENTS: '2', DATA_DIR: 'data-3' },
    admin,
  );
  const { tmpDir, postgresVersion, redisVersion } = one;
  const input = path.join(tmpDir, 'input-4k.bin');
  await writeFile(input, randomBytes(FILE_BYTES));
  const body = readFileSync(input);

  console.log(
    `\nsigning ${FILE_BYTES} B files; ${SIGNS} signatures per run (${FAST_SIGNS} with fast unprotect) after ` +
      `${WARMUP_SIGNS} warm-up ones; ${ROUNDS} rounds of the issue 13 comparison ` +
      `(node ${process.version}, PostgreSQL ${postgresVersion}, Redis ${redisVersion}, ${os.cpus().length} cores)`,
  );
  printLoadNote(loadBefore);

  const rows = [];
  const issueRows = [];
  const summary = [];
  const results = { perKey: {} };
  for (const key of keys) {
    const raw = async (parallelism, count = SIGNS) => {
      const counters = { retried: 0 };
      const label = `${key.name}: raw gpg, 1 agent on GNUPGHOME`;
      const result = await measure(label, parallelism, count, (slot) =>
        rawSign(gpgHome, key, input, slot, passphrase, counters),
      );
      return { ...result, retried: counters.retried };
    };
    const service = (target, parallelism, count = SIGNS) =>
      measure(`${key.name}: /auth/sign, ${target.label}`, parallelism, count, () => serviceSign(target, key, body));
    const perKey = (results.perKey[key.name] = {});

    // Issue 13: A = the original's per-file protocol, B = keyward as configured by default, C = B without fast
    // unprotect; alternated so that load drifting during the run hits all three alike.
    const runs = { original: [], fast: [], slow: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      runs.original.push(await raw(ORIGINAL_PARALLELISM));
      runs.fast.push(await service(fast, 8, FAST_SIGNS));
      runs.slow.push(await service(two, 8));
    }
    const medians = Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [name, median(list.map((r) => r.perSecond))]),
    );
    const speedup = medians.fast / medians.original;
    const met = medians.fast >= TARGETS.fastPerSecond && speedup >= TARGETS.fastOverOriginal;
    const targetText = `>= ${TARGETS.fastPerSecond}/s, >= ${TARGETS.fastOverOriginal}x${met ? '' : ' (missed)'}`;
    perKey.issue13 = { runs, medians, fastOverOriginal: speedup, fastOverSlow: medians.fast / medians.slow, met };
    issueRows.push(
      issueRow(`${key.name}: original per-file protocol`, ORIGINAL_PARALLELISM, runs.original, medians.original),
      issueRow(`${key.name}: /auth/sign, ${fast.label}`, 8, runs.fast, medians.fast, speedup, targetText),
      issueRow(`${key.name}: /auth/sign, ${two.label}`, 8, runs.slow, medians.slow, medians.slow / medians.original),
    );
    summary.push({
      figure: `POST /auth/sign, 4 KiB, ${key.name}, parallelism 8, SIGNING_AGENTS=2`,
      value:
        `${medians.fast.toFixed(1)} signatures/s, ${speedup.toFixed(1)}x the original's ` +
        `${medians.original.toFixed(2)}/s (medians of ${ROUNDS}; SIGNING_FAST_UNPROTECT=false: ${medians.slow.toFixed(2)}/s)`,
      baseline:
        "the original's per-file protocol, same run: one gpg --detach-sign --armor --pinentry-mode loopback per " +
        `request through one gpg-agent on GNUPGHOME, the key as created, ${ORIGINAL_PARALLELISM} parallel workers`,
      target: `>= ${TARGETS.fastPerSecond} signatures/s and >= ${TARGETS.fastOverOriginal}x the baseline`,
      met,
      command: COMMAND,
    });

    // The keys as created: keyward's own cost against raw gpg, and what a second agent buys.
    for (const parallelism of [2, 8]) {
      const baseline = await raw(parallelism);
      const measured = await service(one, parallelism);
      const ratio = measured.perSecond / baseline.perSecond;
      perKey[`p${parallelism}`] = { raw: baseline, service: measured, serviceOverRaw: ratio };
      rows.push(row(baseline, parallelism), row(measured, parallelism, ratio, TARGETS.serviceOverRaw, 'x raw'));
    }
    const pooled = runs.slow[runs.slow.length - 1];
    const twoOverOne = pooled.perSecond / perKey.p8.service.perSecond;
    perKey.twoAgents = { service: pooled, twoAgentsOverOne: twoOverOne };
    rows.push(row(pooled, 8, twoOverOne, TARGETS.twoAgentsOverOne, 'x 1 agent'));

    const sequential = await measure(`${key.name}: ${BATCH_FILES} x /auth/sign, ${fast.label}`, 1, BATCH_FILES, () =>
      serviceSign(fast, key, body),
    );
    const batch = await batchSign(fast, key, body, `${key.name}: 1 /auth/sign-batch of ${BATCH_FILES}, ${fast.label}`);
    perKey.batch = { sequential, batch, speedup: sequential.seconds / batch.seconds };
    rows.push(row(sequential, 1), row(batch, '-', sequential.seconds / batch.seconds, null, 'x sequential'));
  }

  // 4. Memory: peak RSS of the service while it signs a 100 MB upload (detached), and clear-signs a 100 MB text.
  const memory = [];
  for (const [signType, file] of [
    ['detach-sign', await bigFile(tmpDir, 'binary')],
    ['clear-sign', await bigFile(tmpDir, 'text')],
  ]) {
    memory.push(await peakRss(fast, keys[1], signType, file));
  }

  printTable(['issue 13: run', 'parallelism', 'per second, each round', 'median', 'x original', 'target'], issueRows);
  printTable(
    [
      'run',
      'parallelism',
      'signatures',
      'retried',
      'seconds',
      'per second',
      'p50 (ms)',
      'max (ms)',
      'CPU busy',
      'ratio',
      'target',
    ],
    rows,
  );
  printTable(
    ['100 MB upload (ed25519, 2 agents, fast unprotect)', 'RSS before (MiB)', 'peak (MiB)', 'growth (MiB)', 'target'],
    memory.map((m) => [m.signType, mib(m.before), mib(m.peak), mib(m.peak - m.before), `< ${TARGETS.rssGrowthMiB}`]),
  );
  const when = new Date();
  writeResults('signing', when, {
    benchmark:
      "POST /auth/sign with fast unprotect vs the original's per-file protocol (issue 13), vs raw gpg, " +
      '2 agents vs 1, batch vs single, RSS for a 100 MB upload',
    date: when.toISOString(),
    settings: {
      fileBytes: FILE_BYTES,
      signs: SIGNS,
      fastSigns: FAST_SIGNS,
      rounds: ROUNDS,
      originalParallelism: ORIGINAL_PARALLELISM,
      warmupSigns: WARMUP_SIGNS,
      batchFiles: BATCH_FILES,
      targets: TARGETS,
    },
    machine: machine({ postgresVersion, redisVersion, loadBefore }),
    keys: keys.map(({ name, fingerprint }) => ({ name, fingerprint })),
    summary,
    results: { ...results, memory },
  });
  for (const target of [one, two, fast]) assertRunning(target.child, 'at the end of the run');
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

async function startService(name, env, admin) {
  const started = await startKeyward({ name: `keyward (${name})`, env });
  const login = JSON.parse(await request('POST', `${started.url}/auth/login`, { body: admin, expect: 200 }));
  return { ...started, token: login.accessToken, label: name };
}

async function generateKey(home, algo, passphrase) {
  const fingerprint = await generateGpgKey(
    home,
    `Keyward Bench ${algo} <bench-${algo}@keyward.test>`,
    algo,
    passphrase,
  );
  return { name: algo === 'rsa4096' ? 'RSA-4096' : 'ed25519', fingerprint };
}

/**
 * What the original service did per request: one gpg process through the home's agent, passphrase on stdin.
 * Many at once can exhaust the agent's secure memory ("Cannot allocate memory"); those are retried and
 * counted, as a client of such a service would have to.
 */
async function rawSign(home, key, input, slot, passphrase, counters) {
  const output = `${input}.${slot}.asc`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await runProgram(
        'gpg',
        [
          ...['--homedir', home, '--batch', '--no-tty', '--yes', '--pinentry-mode', 'loopback', '--passphrase-fd', '0'],
          ...['--armor', '--local-user', key.fingerprint, '--digest-algo', 'SHA256', '--output', output],
          ...['--detach-sign', input],
        ],
        `${passphrase}\n`,
      );
      break;
    } catch (error) {
      if (!/Cannot allocate memory/.test(messageOf(error)) || attempt === 20) throw error;
      counters.retried += 1;
    }
  }
  unlinkSync(output);
}

async function serviceSign(target, key, body) {
  const form = new FormData();
  form.append('file', new Blob([body]), 'input-4k.bin');
  const response = await fetch(`${target.url}/auth/sign?keyid=${key.fingerprint}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}` },
    body: form,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.startsWith('-----BEGIN PGP SIGNATURE-----'))
    throw new Error(`/auth/sign answered ${response.status}: ${text.slice(0, 300)}`);
}

async function batchSign(target, key, body, label) {
  const form = new FormData();
  for (let i = 0; i < BATCH_FILES; i += 1) form.append('files', new Blob([body]), `file-${i}.bin`);
  process.stdout.write(`  ${label}...`);
  const cpuBefore = cpuTimes();
  const started = performance.now();
  const response = await fetch(`${target.url}/auth/sign-batch?keyid=${key.fingerprint}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}` },
    body: form,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const answer = response.status === 200 ? JSON.parse(text) : null;
  if (answer?.successful !== BATCH_FILES)
    throw new Error(`/auth/sign-batch answered ${response.status}: ${text.slice(0, 300)}`);
  process.stdout.write(` ${(ms / 1000).toFixed(1)} s\n`);
  const seconds = ms / 1000;
  const machineBusy = busySince(cpuBefore);
  return { label, signs: BATCH_FILES, seconds, perSecond: BATCH_FILES / seconds, p50Ms: ms, maxMs: ms, machineBusy };
}

/** `parallelism` workers sign back to back until `count` signatures are done, after a short warm-up. */
async function measure(label, parallelism, count, sign) {
  process.stdout.write(`  ${label}, parallelism ${parallelism}...`);
  await Promise.all(Array.from({ length: WARMUP_SIGNS }, (_, slot) => sign(slot)));
  const latencies = [];
  let started = 0;
  const cpuBefore = cpuTimes();
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: parallelism }, async (_, slot) => {
      while (started < count) {
        checkpoint();
        started += 1;
        const t0 = performance.now();
        await sign(slot);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    label,
    signs: count,
    seconds,
    perSecond: count / seconds,
    p50Ms: latencies[Math.ceil(latencies.length / 2) - 1],
    maxMs: latencies[latencies.length - 1],
    machineBusy: busySince(cpuBefore),
  };
  process.stdout.write(` ${result.perSecond.toFixed(2)}/s\n`);
  return result;
}

/** Samples the service's RSS (VmRSS) every 10 ms while one 100 MB upload is signed and the answer read. */
async function peakRss(target, key, signType, file) {
  process.stdout.write(`  RSS while signing a 100 MB upload (${signType})...`);
  const rss = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${target.child.pid}/status`, 'utf8'))[1]) * 1024;
  await sleep(500);
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10);
  try {
    const form = new FormData();
    form.append('file', await openAsBlob(file), path.basename(file));
    const response = await fetch(`${target.url}/auth/sign?keyid=${key.fingerprint}&sign_type=${signType}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}` },
      body: form,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    let received = 0;
    for await (const chunk of response.body) received += chunk.length;
    if (response.status !== 200) throw new Error(`/auth/sign of 100 MB answered ${response.status}`);
    if (signType === 'clear-sign' && received < UPLOAD_BYTES) throw new Error(`clear-signed only ${received} bytes`);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, rss());
  process.stdout.write(` +${mib(peak - before)} MiB\n`);
  return { signType, before, peak, growth: peak - before };
}

/** UPLOAD_BYTES of random bytes, or of text lines (what clear-signing is for), written in 1 MiB steps. */
async function bigFile(dir, kind) {
  const file = path.join(dir, `upload-100mb.${kind === 'text' ? 'txt' : 'bin'}`);
  const out = createWriteStream(file);
  for (let written = 0; written < UPLOAD_BYTES;) {
    const size = Math.min(1024 * 1024, UPLOAD_BYTES - written);
    const chunk =
      kind === 'text'
        ? Buffer.from(
            randomBytes(size)
              .toString('base64')
              .slice(0, size)
              .replace(/(.{75})./g, '$1\n'),
          )
        : randomBytes(size);
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    written += size;
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return file;
}

function issueRow(label, parallelism, runs, medianPerSecond, ratio = null, target = '') {
  return [
    label,
    String(parallelism),
    runs.map((r) => r.perSecond.toFixed(2)).join(' '),
    medianPerSecond.toFixed(2),
    ratio === null ? '' : ratio.toFixed(1),
    target,
  ];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function row(result, parallelism, ratio = null, target = null, unit = '') {
  return [
    result.label,
    String(parallelism),
    String(result.signs),
    String(result.retried ?? ''),
    result.seconds.toFixed(1),
    result.perSecond.toFixed(2),
    result.p50Ms.toFixed(0),
    result.maxMs.toFixed(0),
    `${(result.machineBusy * 100).toFixed(0)} %`,
    ratio === null ? '' : `${ratio.toFixed(2)} ${unit}`,
    target === null ? '' : `>= ${target}${ratio >= target ? '' : ' (missed)'}`,
  ];
}

/** All cores' busy and total time so far (ms), for the share of the machine a run kept busy. */
function cpuTimes() {
  const cpus = os.cpus();
  const total = cpus.reduce((sum, c) => sum + Object.values(c.times).reduce((a, b) => a + b, 0), 0);
  return { total, idle: cpus.reduce((sum, c) => sum + c.times.idle, 0) };
}

function busySince(before) {
  const now = cpuTimes();
  const total = now.total - before.total;
  return total > 0 ? 1 - (now.idle - before.idle) / total : 0;
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(1);
}

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    console.error(`${name}: expected a whole number from 1 to 10000 (got "${raw}")`);
    process.exit(2);
  }
  return value;
}
