import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { TypeormAuditLog, VerifyAuditChainInteractor } from '@keyward/audit';
import { createDataSource } from '@keyward/core';
import { CryptoRandom, SystemClock } from '@keyward/kernel';
import { persistence } from '../../apps/api/src/persistence';
import { createTestDatabase, TestDatabase, usesPostgres } from '../support/test-database';

const root = path.resolve(__dirname, '../..');
const EVENTS_EACH = 150;

/** Resolves with the first line the process prints that matches `line`. */
function waitFor(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`writer exited ${code} before "${line}": ${err}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) resolve();
    });
  });
}

/**
 * Two processes (as WORKERS=2 would run) append to one audit chain at once, on this run's backend (SQLite: a
 * shared file; PostgreSQL: one database). The chain stays one line: every position taken once, and it verifies.
 */
describe('the audit chain with two writing processes', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    db = await createTestDatabase();
    dataSource = createDataSource(db.config, persistence);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  }, 60000);
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('never forks, whichever process appends', async () => {
    const writers = ['a', 'b'].map((tag) =>
      spawn(process.execPath, ['test/support/audit-writer.mjs', db.url, db.config.sqlitePath, `${EVENTS_EACH}`, tag], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '' },
      }),
    );
    await Promise.all(writers.map((w) => waitFor(w, 'ready')));
    const done = writers.map((w) => waitFor(w, 'done'));
    for (const writer of writers) writer.stdin.end('go\n');
    await Promise.all(done);

    const rows: { seq: number; target_id: string }[] = await dataSource.query(
      'SELECT seq, target_id FROM audit_events ORDER BY seq',
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 2 * EVENTS_EACH }, (_, i) => i + 1));
    for (const tag of ['a', 'b']) expect(rows.filter((row) => row.target_id === tag)).toHaveLength(EVENTS_EACH);
    // PostgreSQL queues waiters for the head row's lock in order, so the processes take turns; SQLite's busy
    // handler promises no turns (one process may well append all of its events first), only one writer at a time.
    const switches = rows.filter((row, i) => i > 0 && row.target_id !== rows[i - 1].target_id).length;
    if (usesPostgres) expect(switches).toBeGreaterThan(1);
    const audit = new TypeormAuditLog(dataSource, new SystemClock(), new CryptoRandom());
    expect(await new VerifyAuditChainInteractor(audit).execute()).toEqual({
      events: 2 * EVENTS_EACH,
      firstBreak: null,
    });
  });
});
