// The cost of recording an audit event (it is on every login) and of verifying the chain, on SQLite and on
// PostgreSQL; on PostgreSQL also two writers (two DataSources, as two processes) appending at once.
//
//   npm run build && node bench/audit.bench.mjs
//
// Environment:
//   BENCH_EVENTS         events recorded per run (default 2000)
//   BENCH_DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432); a fresh database
//                        keyward_bench_audit_<random> is created there and dropped at the end; BENCH_DATABASE_URL=
//                        (empty) skips PostgreSQL
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { root } from './lib.mjs';

const require = createRequire(import.meta.url);
const dist = (file) => require(path.join(root, 'dist', file));
require('reflect-metadata');
// Migrations log at debug through Nest's logger; only problems belong in the output.
require('@nestjs/common').Logger.overrideLogger(['warn', 'error']);
const { createDataSource } = dist('libs/core/src/index.js');
const { TypeormAuditLog, VerifyAuditChainInteractor } = dist('libs/audit/src/index.js');
const { SystemClock, CryptoRandom } = dist('libs/kernel/src/index.js');
const { persistence } = dist('apps/api/src/persistence.js');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

function config(url, dialect, sqlitePath) {
  return {
    url,
    dialect,
    sqlitePath,
    poolSize: 5,
    connectTimeoutMs: 10000,
    idleTimeoutMs: 10000,
    statementTimeoutMs: 30000,
    logQueries: false,
    migrateOnStart: true,
    applicationName: 'keyward-bench',
  };
}

async function open(settings) {
  const dataSource = createDataSource(settings, persistence);
  await dataSource.initialize();
  return { dataSource, audit: new TypeormAuditLog(dataSource, new SystemClock(), new CryptoRandom()) };
}

const event = (i) => ({
  actorId: null,
  action: 'auth.login.success',
  targetType: 'user',
  targetId: `user-${i}`,
  ip: '192.0.2.1',
  details: { sessionId: `session-${i}` },
});

/** Records `count` events, `writers` at a time (each writer one after the other); returns events per second. */
async function record(audits, count) {
  const started = performance.now();
  await Promise.all(
    audits.map(async (audit, w) => {
      for (let i = w; i < count; i += audits.length) await audit.record(event(i));
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function verify(audit) {
  const started = performance.now();
  const report = await new VerifyAuditChainInteractor(audit).execute();
  if (report.firstBreak) throw new Error(`chain broken: ${report.firstBreak.problem}`);
  return { events: report.events, perSecond: report.events / ((performance.now() - started) / 1000) };
}

const rows = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-audit-'));
try {
  const file = path.join(dir, 'audit.sqlite');
  const sqlite = await open(config(`sqlite:${file}`, 'sqlite', file));
  await sqlite.dataSource.runMigrations({ transaction: 'each' });
  rows.push(['SQLite', '1 writer', await record([sqlite.audit], EVENTS), await verify(sqlite.audit)]);
  await sqlite.dataSource.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (PG_URL) {
  const name = `keyward_bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const settings = config(`${PG_URL}/${name}`, 'postgres', '');
    const one = await open(settings);
    const two = await open(settings);
    await one.dataSource.runMigrations({ transaction: 'each' });
    rows.push(['PostgreSQL', '1 writer', await record([one.audit], EVENTS), await verify(one.audit)]);
    rows.push(['PostgreSQL', '2 DataSources', await record([one.audit, two.audit], EVENTS), await verify(one.audit)]);
    await one.dataSource.destroy();
    await two.dataSource.destroy();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

console.log(`audit: ${EVENTS} events recorded per run, then the whole chain verified (${os.cpus().length} CPUs)`);
for (const [backend, writers, perSecond, verified] of rows)
  console.log(
    `${backend.padEnd(11)} ${writers.padEnd(14)} record ${perSecond.toFixed(0).padStart(6)}/s` +
      ` (${(1000 / perSecond).toFixed(2)} ms each)   verify ${verified.events} events at ${verified.perSecond.toFixed(0)}/s`,
  );
