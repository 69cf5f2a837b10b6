// `npm run bench`: runs the benchmarks of the table one after the other, each in its own process (never
// two at once: they would measure each other), then rewrites the generated block of bench/README.md from the
// `summary` rows each one wrote to its results file. Exits 1 when a script is missing, fails or writes no summary.
//
//   npm run bench                       (builds dist/ first, then runs this file)
//   BENCH_ONLY=me,signing npm run bench (a subset; the other rows keep their previous values and date)
//   BENCH_QUICK=1 npm run bench         (a smoke run: short durations through the scripts' own variables)
//
// BENCH_DIR (default bench/) is where the scripts are and where their results/ go; BENCH_README (default
// <BENCH_DIR>/README.md) the file to rewrite. Both exist for the runner's own test, with fake scripts.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { mergeRows, notMeasuredRow, previousRows, renderBlock, replaceBlock } from './summary-block.mjs';
import { machineLines } from './run-all-machine.mjs';

/** The table, in its order. secrets, access and audit are left out: they write no summary (see README). */
const SCRIPTS = ['me', 'workers', 'login', 'signing', 'soak', 'start'];

/** BENCH_QUICK=1: short runs, through each script's own variables (those already set are kept). */
const QUICK_ENV = {
  BENCH_DURATION: '3',
  BENCH_ROUNDS: '1',
  BENCH_RUNS: '2',
  BENCH_SIGNS: '8',
  BENCH_BATCH_FILES: '8',
  BENCH_SOAK_SECONDS: '60',
};

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.resolve(process.env.BENCH_DIR || path.join(root, 'bench'));
const resultsDir = path.join(benchDir, 'results');
const readmePath = path.resolve(process.env.BENCH_README || path.join(benchDir, 'README.md'));
const quick = process.env.BENCH_QUICK === '1';
const only = parseOnly(process.env.BENCH_ONLY);

let interrupted = null;
let running = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = signal;
    // Ctrl-C reaches the child too (same process group); a SIGTERM sent to this process alone is passed on.
    running?.kill(signal);
  });
}

const date = new Date().toISOString();
const fresh = new Map();
const loads = [];
const versions = [];
let failed = 0;
const toRun = only ?? SCRIPTS;
console.log(`npm run bench: ${toRun.join(', ')}${quick ? ' (BENCH_QUICK=1: short runs)' : ''}`);
for (const script of toRun) {
  if (interrupted) break;
  const file = path.join(benchDir, `${script}.bench.mjs`);
  const command = commandOf(script);
  if (!existsSync(file)) {
    console.log(`\n[${script}] missing: ${path.relative(root, file)}`);
    fresh.set(script, [notMeasuredRow(script, `not run: ${script}.bench.mjs is missing`, command, date)]);
    failed += 1;
    continue;
  }
  const load = os.loadavg()[0];
  loads.push(`${script} ${load.toFixed(2)}`);
  console.log(`\n[${script}] ${command} (1-minute load average ${load.toFixed(2)})`);
  const before = new Set(resultFiles(script));
  const started = performance.now();
  const code = await runScript(script, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (interrupted) break;
  const written = resultFiles(script).filter((name) => !before.has(name));
  const reports = written.map((name) => JSON.parse(readFileSync(path.join(resultsDir, name), 'utf8')));
  const rows = reports.flatMap((report) => (Array.isArray(report.summary) ? report.summary : []));
  versions.push(...reports.map((report) => report.machine ?? {}));
  if (code !== 0 || rows.length === 0) {
    const reason = code !== 0 ? `failed: exit code ${code}` : 'failed: wrote no summary rows';
    console.log(`[${script}] ${reason} after ${seconds} s`);
    fresh.set(script, [notMeasuredRow(script, reason, command, date)]);
    failed += 1;
    continue;
  }
  console.log(`[${script}] done in ${seconds} s: ${rows.length} row(s)`);
  fresh.set(
    script,
    rows.map((row) => ({ ...row, script, measuredAt: date })),
  );
}

if (interrupted) {
  console.error(`\ninterrupted (${interrupted}): ${path.relative(root, readmePath)} left as it was`);
  process.exit(130);
}

const readme = readFileSync(readmePath, 'utf8');
const rows = mergeRows({ scripts: SCRIPTS, fresh, previous: previousRows(readme), commandOf });
const machine = await machineLines({ versions, loads, quick });
const updated = replaceBlock(readme, renderBlock({ date, machine, rows }));
writeFileSync(readmePath, await formatMarkdown(updated, readmePath));
console.log(`\nrewrote the summary block of ${path.relative(root, readmePath)} (${rows.length} rows)`);
if (failed > 0) console.error(`${failed} script(s) missing or failed: see their rows`);
process.exit(failed > 0 ? 1 : 0);

function runScript(script, file) {
  return new Promise((resolve) => {
    const env = { ...process.env };
    if (quick) for (const [name, value] of Object.entries(QUICK_ENV)) env[name] ??= value;
    const child = spawn(process.execPath, [file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    prefixLines(child.stdout, process.stdout, script);
    prefixLines(child.stderr, process.stderr, script);
    child.once('error', (error) => {
      console.error(`[${script}] could not start: ${error.message}`);
      resolve(1);
    });
    child.once('close', (code, signal) => {
      running = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function prefixLines(from, to, script) {
  readline
    .createInterface({ input: from, crlfDelay: Infinity })
    .on('line', (line) => to.write(`[${script}] ${line}\n`));
}

/** The script's results files (<script>-<timestamp>.json), oldest first. */
function resultFiles(script) {
  if (!existsSync(resultsDir)) return [];
  const pattern = new RegExp(`^${script}-\\d{4}-.*\\.json$`);
  return readdirSync(resultsDir)
    .filter((name) => pattern.test(name))
    .sort();
}

function commandOf(script) {
  return `node bench/${script}.bench.mjs`;
}

/** Prettier keeps `npm run lint` green after a run: it aligns the table as a hand edit would be. */
async function formatMarkdown(text, filepath) {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...options, filepath });
}

function parseOnly(raw) {
  if (raw === undefined || raw.trim() === '') return null;
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !SCRIPTS.includes(name));
  if (unknown.length > 0) {
    console.error(`BENCH_ONLY: unknown script(s) ${unknown.join(', ')}; expected some of ${SCRIPTS.join(', ')}`);
    process.exit(2);
  }
  return SCRIPTS.filter((name) => names.includes(name));
}
