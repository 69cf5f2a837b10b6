// Time from launch to a ready service (GET /auth/health/ready answers 200), for `npm start` (with an up-to-date
// dist/, so its incremental build has nothing to do) and `npm run start:prod` (node dist/... directly), on SQLite
// with an already migrated database: the warm start an operator sees after a restart.
//
//   npm run bench:start          (builds dist/ first, then runs this file)
//
// Environment: BENCH_RUNS, runs per command (default 5; the median is reported). Each run stops the service
// with SIGTERM and waits for it to exit before the next one starts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, printLoadNote, printTable, root } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const COMMANDS = [
  { name: 'npm start', command: 'npm', args: ['start'] },
  { name: 'npm run start:prod', command: 'npm', args: ['run', 'start:prod'] },
  { name: 'node dist/apps/api/src/main.js', command: process.execPath, args: ['dist/apps/api/src/main.js'] },
];

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-start-'));
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? dataDir,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DATABASE_URL: `sqlite:${path.join(dataDir, 'keyward.sqlite')}`,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  LOG_LEVEL: 'warn',
};

/** Launches, waits for readiness, stops; resolves to the milliseconds from launch to the first 200. */
async function timeToReady({ command, args }) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${port}/auth/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return performance.now() - started;
      await sleep(10);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  printLoadNote(os.loadavg()[0]);
  await timeToReady(COMMANDS[2]); // applies the migrations, untimed
  const rows = [];
  for (const target of COMMANDS) {
    const times = [];
    for (let run = 0; run < RUNS; run += 1) times.push(await timeToReady(target));
    rows.push([target.name, times.map((t) => t.toFixed(0)).join(' '), median(times).toFixed(0)]);
  }
  printTable(['command (warm, SQLite)', 'ms to ready, per run', 'median ms'], rows);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
