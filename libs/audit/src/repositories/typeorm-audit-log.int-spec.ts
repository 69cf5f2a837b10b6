import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runInTransaction } from '@keyward/core';
import { AuditAction, Clock, CryptoRandom, NewAuditEvent } from '@keyward/kernel';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { TypeormAuditLog } from './typeorm-audit-log';

class SteppingClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
}

const start = new Date('2026-11-21T10:11:12.345Z');
/** Any action name: tests use made-up ones so that totals are exact. */
type TestEvent = Partial<Omit<NewAuditEvent, 'action'>> & { action?: string };
const event = (overrides: TestEvent = {}): NewAuditEvent => ({
  actorId: null,
  targetType: null,
  targetId: null,
  ip: null,
  details: {},
  ...overrides,
  action: (overrides.action ?? 'test.action') as AuditAction,
});

describe('TypeormAuditLog on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let clock: SteppingClock;
  let audit: TypeormAuditLog;
  const all = { limit: 200, offset: 0 };

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    clock = new SteppingClock(start);
    audit = new TypeormAuditLog(dataSource, clock, new CryptoRandom());
  });
  afterAll(() => close());

  /** Records at the given instant. */
  async function recordAt(at: Date, overrides: TestEvent = {}): Promise<void> {
    clock.current = at;
    await audit.record(event(overrides));
  }

  it('stores every field, the time to the millisecond and nested JSON details', async () => {
    const actorId = randomUUID();
    const details = {
      filename: 'release "1.0".tar.gz',
      sizes: [1, 2.5, -3],
      nested: { ok: true, none: null, unicode: 'żółw 🐢', nul: 'a\u0000b' },
    };
    await recordAt(start, {
      actorId,
      action: 'signing.sign',
      targetType: 'signing-key',
      targetId: '0123456789ABCDEF',
      ip: '203.0.113.7',
      details,
    });
    const page = await audit.list({ actorId }, all);
    expect(page).toEqual({
      items: [
        {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          at: start,
          actorId,
          action: 'signing.sign',
          targetType: 'signing-key',
          targetId: '0123456789ABCDEF',
          ip: '203.0.113.7',
          requestId: null,
          via: null,
          details,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
      total: 1,
      limit: 200,
      offset: 0,
    });
    // An actor id in upper case names the same user on both databases.
    expect((await audit.list({ actorId: actorId.toUpperCase() }, all)).total).toBe(1);
  });

  it('keeps events of actors that no longer exist (no foreign key)', async () => {
    const ghost = randomUUID();
    await recordAt(start, { actorId: ghost, action: 'users.delete' });
    expect((await audit.list({ actorId: ghost }, all)).items[0].actorId).toBe(ghost);
  });

  it('filters by actor, exact action and a [from, to) window, newest first, with paging', async () => {
    const actor = randomUUID();
    const other = randomUUID();
    const base = new Date('2027-01-01T00:00:00.000Z');
    const at = (seconds: number) => new Date(base.getTime() + seconds * 1000 + 1);
    for (let i = 0; i < 5; i++) await recordAt(at(i), { actorId: actor, action: 'filter.a', details: { i } });
    await recordAt(at(2), { actorId: other, action: 'filter.a', details: { i: 'other' } });
    await recordAt(at(3), { actorId: actor, action: 'filter.a.more', details: { i: 'prefix' } });

    const mine = await audit.list({ actorId: actor, action: 'filter.a' }, all);
    expect(mine.items.map((e) => e.details.i)).toEqual([4, 3, 2, 1, 0]);
    expect(mine.total).toBe(5);
    expect((await audit.list({ action: 'filter.a' }, all)).total).toBe(6);
    expect((await audit.list({ action: 'filter.' }, all)).total).toBe(0);
    expect((await audit.list({ action: 'FILTER.A' }, all)).total).toBe(0);

    const window = await audit.list({ action: 'filter.a', actorId: actor, from: at(1), to: at(3) }, all);
    expect(window.items.map((e) => e.details.i)).toEqual([2, 1]);
    const openEnded = await audit.list({ action: 'filter.a', from: at(3) }, all);
    expect(openEnded.items.map((e) => e.details.i)).toEqual([4, 3]);
    expect((await audit.list({ action: 'filter.a', to: at(0) }, all)).total).toBe(0);

    const second = await audit.list({ actorId: actor, action: 'filter.a' }, { limit: 2, offset: 2 });
    expect(second).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(second.items.map((e) => e.details.i)).toEqual([2, 1]);
    const beyond = await audit.list({ actorId: actor }, { limit: 2, offset: 50 });
    expect(beyond).toEqual({ items: [], total: 6, limit: 2, offset: 50 });
  });

  it('answers instants past year 9999 (reachable with a negative offset) as PostgreSQL does', async () => {
    const action = `late.${randomUUID()}`;
    await recordAt(start, { action });
    const beyond = new Date('9999-12-31T23:00:00-05:00');
    expect(beyond.getUTCFullYear()).toBe(10000);
    expect((await audit.list({ action, to: beyond }, all)).total).toBe(1);
    expect(await audit.list({ action, from: beyond }, { limit: 5, offset: 3 })).toEqual({
      items: [],
      total: 0,
      limit: 5,
      offset: 3,
    });
    expect((await audit.list({ action, from: new Date('0000-01-01T00:00:00+01:00') }, all)).total).toBe(1);
  });

  it("keeps an event recorded while another context's transaction is open and then rolled back", async () => {
    const action = `tx.${randomUUID()}`;
    let recorded: Promise<void> = Promise.resolve();
    const failed = runInTransaction(dataSource, async (manager) => {
      await manager.query('SELECT 1');
      recorded = audit.record(event({ action }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    await recorded;
    expect((await audit.list({ action }, all)).total).toBe(1);
  });

  it('orders events of the same instant stably across pages', async () => {
    const actor = randomUUID();
    const same = new Date('2027-02-01T00:00:00.000Z');
    for (let i = 0; i < 6; i++) await recordAt(same, { actorId: actor, details: { i } });
    const pages = await Promise.all([0, 2, 4].map((offset) => audit.list({ actorId: actor }, { limit: 2, offset })));
    const seen = pages.flatMap((p) => p.items.map((e) => e.details.i));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses events no column could hold, alike on both databases', async () => {
    await expect(audit.record(event({ actorId: 'not-a-uuid' }))).rejects.toThrow(/actorId/);
    await expect(audit.record(event({ action: '' }))).rejects.toThrow(/action/);
    await expect(audit.record(event({ action: 'x'.repeat(101) }))).rejects.toThrow(/action exceeds 100/);
    await expect(audit.record(event({ ip: '1'.repeat(65) }))).rejects.toThrow(/ip exceeds 64/);
    await expect(audit.record(event({ targetId: 'a\u0000b' }))).rejects.toThrow(/NUL/);
    await expect(audit.record(event({ details: [] as never }))).rejects.toThrow(/details/);
    expect((await audit.list({ action: 'x'.repeat(101) }, all)).total).toBe(0);
  });
});
