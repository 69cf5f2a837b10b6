import { DataSource } from 'typeorm';
import { createDataSource } from '@keyward/core';
import { AuditAction, CryptoRandom, NewAuditEvent, SystemClock } from '@keyward/kernel';
import { persistence } from '../../../../apps/api/src/persistence';
import { migrations } from '../../../../migrations';
import { createTestDatabase, TestDatabase, usesPostgres } from '../../../../test/support/test-database';
import { VerifyAuditChainInteractor } from '../interactors/queries/verify-audit-chain/verify-audit-chain.interactor';
import { TypeormAuditLog } from './typeorm-audit-log';

const event = (action: string, details: Record<string, unknown>): NewAuditEvent => ({
  actorId: null,
  action: action as AuditAction,
  targetType: 'test',
  targetId: null,
  ip: '192.0.2.1',
  details,
});

describe('the audit hash chain on the real database', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  /** A DataSource of its own on the shared database, as another process would open. */
  async function open(): Promise<{ dataSource: DataSource; audit: TypeormAuditLog }> {
    const dataSource = createDataSource(db.config, persistence);
    await dataSource.initialize();
    sources.push(dataSource);
    return { dataSource, audit: new TypeormAuditLog(dataSource, new SystemClock(), new CryptoRandom()) };
  }

  beforeEach(async () => {
    db = await createTestDatabase();
    const first = await open();
    await first.dataSource.runMigrations({ transaction: 'each' });
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) await source.destroy();
    await db.drop();
  });

  const verify = (audit: TypeormAuditLog) => new VerifyAuditChainInteractor(audit).execute();
  const seqOf = async (dataSource: DataSource, n: number) =>
    (await dataSource.query(`SELECT id FROM audit_events WHERE seq = ${n}`))[0].id as string;

  // better-sqlite3 waits for a lock synchronously, so two SQLite connections in one process would block each other's
  // event loop; there, one connection's concurrent appends are what this process can show.
  it('does not fork when two connections (as two processes) append at the same time', async () => {
    const one = (await open()).audit;
    const two = usesPostgres ? (await open()).audit : one;
    const writes = [];
    for (let i = 0; i < 40; i++) {
      writes.push(one.record(event('chain.one', { i })));
      writes.push(two.record(event('chain.two', { i })));
    }
    await Promise.all(writes);
    expect(await verify(one)).toEqual({ events: 80, firstBreak: null });
    const seqs = await sources[0].query('SELECT seq FROM audit_events ORDER BY seq');
    expect(seqs.map((r: { seq: number }) => Number(r.seq))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('names the event whose details were changed in the database', async () => {
    const { dataSource, audit } = await open();
    for (let i = 0; i < 5; i++) await audit.record(event('chain.edit', { i }));
    const third = await seqOf(dataSource, 3);
    await dataSource.query(`UPDATE audit_events SET details = '{"i":99}' WHERE id = '${third}'`);
    const report = await verify(audit);
    expect(report.events).toBe(2);
    expect(report.firstBreak).toMatchObject({ position: 3, seq: 3, eventId: third });
    expect(report.firstBreak?.problem).toMatch(/stored hash .* does not match its fields/);
  });

  it('names the gap where an event was deleted', async () => {
    const { dataSource, audit } = await open();
    for (let i = 0; i < 5; i++) await audit.record(event('chain.gap', { i }));
    const fourth = await seqOf(dataSource, 4);
    await dataSource.query(`DELETE FROM audit_events WHERE seq = 3`);
    const report = await verify(audit);
    expect(report.firstBreak).toMatchObject({ position: 3, seq: 4, eventId: fourth });
    expect(report.firstBreak?.problem).toBe('sequence 4 where 3 was expected: events 3 to 3 are missing');
  });

  it('notices events removed from the end (the head names a later one)', async () => {
    const { dataSource, audit } = await open();
    for (let i = 0; i < 3; i++) await audit.record(event('chain.tail', { i }));
    await dataSource.query('DELETE FROM audit_events WHERE seq = 3');
    const report = await verify(audit);
    expect(report.events).toBe(2);
    expect(report.firstBreak?.problem).toMatch(/chain head names event 3 .* ends at event 2 .*removed/);
  });

  it('links each event to the one before and keeps verifying as it grows', async () => {
    const { dataSource, audit } = await open();
    expect(await verify(audit)).toEqual({ events: 0, firstBreak: null });
    for (let i = 0; i < 3; i++) await audit.record(event('chain.links', { i }));
    const rows = await dataSource.query('SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq');
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
    expect(await verify(audit)).toEqual({ events: 3, firstBreak: null });
  });
});

describe('the migration that chains the audit log', () => {
  it('chains the events recorded before it, oldest first, so the chain verifies and grows on', async () => {
    const db = await createTestDatabase();
    const dataSource = createDataSource(db.config, persistence);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      // Back to just before the chaining migration, whatever migrations came after it.
      const chaining = migrations.findIndex((migration) => migration.name === 'ChainAuditEvents1763700011000');
      for (let undone = 0; undone < migrations.length - chaining; undone += 1)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const p = (n: number) => (usesPostgres ? `$${n}` : '?');
      const legacy = [
        ['00000000-0000-4000-8000-000000000002', '2026-01-02T00:00:00.000Z', 'signing.sign'],
        ['00000000-0000-4000-8000-000000000001', '2026-01-01T00:00:00.000Z', 'signing.sign-batch'],
      ];
      for (const [id, at, action] of legacy)
        await dataSource.query(
          `INSERT INTO audit_events (id, at, actor_id, action, target_type, target_id, ip, details)
           VALUES (${p(1)}, ${p(2)}, NULL, ${p(3)}, 'signing-key', 'ABC', '192.0.2.9', '{"files":[]}')`,
          [id, usesPostgres ? new Date(at) : at.replace('T', ' ').replace('Z', ''), action],
        );
      await dataSource.runMigrations({ transaction: 'each' });

      const rows = await dataSource.query('SELECT id, seq FROM audit_events ORDER BY seq');
      expect(rows.map((r: { id: string; seq: number }) => [r.id, Number(r.seq)])).toEqual([
        [legacy[1][0], 1],
        [legacy[0][0], 2],
      ]);
      const audit = new TypeormAuditLog(dataSource, new SystemClock(), new CryptoRandom());
      expect(await new VerifyAuditChainInteractor(audit).execute()).toEqual({ events: 2, firstBreak: null });
      await audit.record(event('after.migration', {}));
      expect(await new VerifyAuditChainInteractor(audit).execute()).toEqual({ events: 3, firstBreak: null });
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});
