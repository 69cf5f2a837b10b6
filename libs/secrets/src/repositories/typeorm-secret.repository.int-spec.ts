import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { lookupHashOf, SealedContent, Secret, stateOf } from '../domain/secret';
import { TypeormSecretRepository } from './typeorm-secret.repository';

const sealed = (): SealedContent => ({
  ciphertext: randomBytes(48).toString('base64'),
  nonce: randomBytes(12).toString('base64'),
  salt: randomBytes(16).toString('base64'),
  kdf: 'argon2id$m=19456,t=2,p=1',
});

// Fixed instants with milliseconds; every repository call takes `now` explicitly.
const created = new Date('2026-11-21T10:11:12.345Z');
const now = new Date('2026-11-22T08:00:00.678Z');
const inOneDay = new Date(now.getTime() + 86_400_000);

const newSecret = (overrides: Partial<Secret> = {}): Secret => ({
  id: randomUUID(),
  lookupHash: lookupHashOf(randomBytes(32).toString('base64url')),
  creatorId: null,
  content: sealed(),
  failedAttempts: 0,
  createdAt: created,
  expiresAt: inOneDay,
  revealedAt: null,
  burnedAt: null,
  ...overrides,
});

describe('TypeormSecretRepository on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let secrets: TypeormSecretRepository;

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    secrets = new TypeormSecretRepository(dataSource);
  });
  afterAll(() => close());

  it('stores and loads every field, the content and the dates to the millisecond', async () => {
    const anonymous = newSecret();
    const owned = newSecret({ creatorId: randomUUID(), failedAttempts: 3 });
    const revealed = newSecret({
      creatorId: randomUUID(),
      content: null,
      revealedAt: new Date('2026-11-21T11:00:00.001Z'),
    });
    const burned = newSecret({ content: null, burnedAt: new Date('2026-11-21T12:00:00.999Z') });
    for (const secret of [anonymous, owned, revealed, burned]) {
      await secrets.create(secret);
      expect(await secrets.findByLookupHash(secret.lookupHash)).toEqual(secret);
    }
    expect((await secrets.findByLookupHash(anonymous.lookupHash))?.createdAt.getTime()).toBe(created.getTime());
    expect(await secrets.findByLookupHash(lookupHashOf('no such key'))).toBeNull();
    await expect(secrets.create(newSecret({ lookupHash: owned.lookupHash }))).rejects.toThrow();
  });

  describe('claimForReveal', () => {
    it('lets exactly one of 20 concurrent callers take the content', async () => {
      const secret = newSecret({ creatorId: randomUUID() });
      await secrets.create(secret);
      const results = await Promise.all(Array.from({ length: 20 }, () => secrets.claimForReveal(secret.id, now)));
      expect(results.filter((r) => r)).toHaveLength(1);
      const stored = await secrets.findByLookupHash(secret.lookupHash);
      expect(stored).toEqual({ ...secret, content: null, revealedAt: now });
      expect(stateOf(stored as Secret, now)).toBe('revealed');
      expect(await secrets.claimForReveal(secret.id, now)).toBe(false);
    });

    it('refuses expired, burned and unknown secrets and leaves them as they were', async () => {
      const expired = newSecret({ expiresAt: new Date(now.getTime() - 1) });
      const expiringNow = newSecret({ expiresAt: now });
      await secrets.create(expired);
      await secrets.create(expiringNow);
      expect(await secrets.claimForReveal(expired.id, now)).toBe(false);
      expect(await secrets.claimForReveal(expiringNow.id, now)).toBe(false);
      expect(await secrets.findByLookupHash(expired.lookupHash)).toEqual(expired);
      expect(await secrets.findByLookupHash(expiringNow.lookupHash)).toEqual(expiringNow);

      const burned = newSecret();
      await secrets.create(burned);
      expect(await secrets.burn(burned.id, now)).toBe(true);
      expect(await secrets.claimForReveal(burned.id, now)).toBe(false);
      expect((await secrets.findByLookupHash(burned.lookupHash))?.revealedAt).toBeNull();
      expect(await secrets.claimForReveal(randomUUID(), now)).toBe(false);
    });
  });

  describe('takeAttempt', () => {
    it('gives 10 concurrent callers the numbers 1..5 and the rest null, and keeps the content', async () => {
      const secret = newSecret();
      await secrets.create(secret);
      const taken = await Promise.all(Array.from({ length: 10 }, () => secrets.takeAttempt(secret.id, now, 5)));
      const numbers = taken.filter((n): n is number => n !== null).sort((a, b) => a - b);
      expect(numbers).toEqual([1, 2, 3, 4, 5]);
      expect(taken.filter((n) => n === null)).toHaveLength(5);
      expect(await secrets.findByLookupHash(secret.lookupHash)).toEqual({ ...secret, failedAttempts: 5 });
    });

    it('returns null once the content is gone (burned, revealed, expired) and for unknown ids', async () => {
      const burned = newSecret();
      const revealed = newSecret();
      const expired = newSecret({ expiresAt: now });
      for (const secret of [burned, revealed, expired]) await secrets.create(secret);
      expect(await secrets.takeAttempt(burned.id, now, 5)).toBe(1);
      expect(await secrets.burn(burned.id, now)).toBe(true);
      expect(await secrets.takeAttempt(burned.id, now, 5)).toBeNull();
      expect((await secrets.findByLookupHash(burned.lookupHash))?.failedAttempts).toBe(1);
      expect(await secrets.claimForReveal(revealed.id, now)).toBe(true);
      expect(await secrets.takeAttempt(revealed.id, now, 5)).toBeNull();
      expect(await secrets.takeAttempt(expired.id, now, 5)).toBeNull();
      expect(await secrets.takeAttempt(randomUUID(), now, 5)).toBeNull();
    });

    it('gives the attempt of the right passphrase back when the content is claimed', async () => {
      const secret = newSecret({ failedAttempts: 2 });
      await secrets.create(secret);
      expect(await secrets.takeAttempt(secret.id, now, 5)).toBe(3);
      expect(await secrets.claimForReveal(secret.id, now)).toBe(true);
      expect((await secrets.findByLookupHash(secret.lookupHash))?.failedAttempts).toBe(2);
    });
  });

  describe('burn', () => {
    it('destroys the content once: true, then false, keeping the first burn time', async () => {
      const secret = newSecret({ creatorId: randomUUID() });
      await secrets.create(secret);
      expect(await secrets.burn(secret.id, now)).toBe(true);
      expect(await secrets.burn(secret.id, inOneDay)).toBe(false);
      const stored = await secrets.findByLookupHash(secret.lookupHash);
      expect(stored).toEqual({ ...secret, content: null, burnedAt: now });
      expect(stateOf(stored as Secret, now)).toBe('burned');
    });

    it('leaves a revealed secret revealed', async () => {
      const secret = newSecret();
      await secrets.create(secret);
      expect(await secrets.claimForReveal(secret.id, now)).toBe(true);
      expect(await secrets.burn(secret.id, now)).toBe(false);
      expect(await secrets.findByLookupHash(secret.lookupHash)).toEqual({ ...secret, content: null, revealedAt: now });
      expect(await secrets.burn(randomUUID(), now)).toBe(false);
    });

    it('leaves an expired secret expired, its content for the purge', async () => {
      const secret = newSecret({ creatorId: randomUUID(), expiresAt: now });
      await secrets.create(secret);
      expect(await secrets.burn(secret.id, now)).toBe(false);
      const stored = await secrets.findByLookupHash(secret.lookupHash);
      expect(stored).toEqual(secret);
      expect(stateOf(stored as Secret, now)).toBe('expired');
    });
  });

  describe('creator scoping', () => {
    it('finds a secret only for its creator', async () => {
      const creator = randomUUID();
      const owned = newSecret({ creatorId: creator });
      const anonymous = newSecret();
      await secrets.create(owned);
      await secrets.create(anonymous);
      expect(await secrets.findForCreator(creator, owned.id)).toEqual(owned);
      expect(await secrets.findForCreator(randomUUID(), owned.id)).toBeNull();
      expect(await secrets.findForCreator(creator, anonymous.id)).toBeNull();
      expect(await secrets.findForCreator(creator, randomUUID())).toBeNull();
    });

    it("lists only the creator's secrets, newest first, with paging", async () => {
      const creator = randomUUID();
      const other = randomUUID();
      const mine = Array.from({ length: 5 }, (_, i) =>
        newSecret({ creatorId: creator, createdAt: new Date(created.getTime() + i * 1000 + 1) }),
      );
      for (const secret of [...mine].reverse()) await secrets.create(secret);
      await secrets.create(newSecret({ creatorId: other }));
      await secrets.create(newSecret());
      const newestFirst = [...mine].reverse();

      const all = await secrets.listForCreator(creator, { limit: 50, offset: 0 });
      expect(all).toEqual({ items: newestFirst, total: 5, limit: 50, offset: 0 });
      const first = await secrets.listForCreator(creator, { limit: 2, offset: 0 });
      expect(first).toEqual({ items: newestFirst.slice(0, 2), total: 5, limit: 2, offset: 0 });
      const second = await secrets.listForCreator(creator, { limit: 2, offset: 2 });
      expect(second.items).toEqual(newestFirst.slice(2, 4));
      const last = await secrets.listForCreator(creator, { limit: 2, offset: 4 });
      expect(last).toEqual({ items: newestFirst.slice(4), total: 5, limit: 2, offset: 4 });
      expect(await secrets.listForCreator(creator, { limit: 2, offset: 10 })).toEqual({
        items: [],
        total: 5,
        limit: 2,
        offset: 10,
      });
      expect((await secrets.listForCreator(other, { limit: 50, offset: 0 })).total).toBe(1);
      expect(await secrets.listForCreator(randomUUID(), { limit: 50, offset: 0 })).toEqual({
        items: [],
        total: 0,
        limit: 50,
        offset: 0,
      });
    });
  });
});

describe('TypeormSecretRepository.purgeExpired on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let secrets: TypeormSecretRepository;

  // A database of its own: the purge works on every row, and its counts are asserted.
  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    secrets = new TypeormSecretRepository(dataSource);
  });
  afterAll(() => close());

  it('drops expired content, keeps receipts until the retention date and leaves live secrets alone', async () => {
    const retention = new Date(now.getTime() - 30 * 86_400_000);
    const justExpired = new Date(now.getTime() - 1000);
    const creator = randomUUID();
    const rows = {
      // Content goes, receipt stays (state expired).
      ownedExpired: newSecret({ creatorId: creator, expiresAt: justExpired }),
      ownedExpiringNow: newSecret({ creatorId: creator, expiresAt: now }),
      // Content goes, and with no receipt to keep, the record too.
      anonymousExpired: newSecret({ expiresAt: justExpired }),
      // No content and anonymous: nothing worth keeping.
      anonymousRevealed: newSecret({ content: null, revealedAt: justExpired }),
      anonymousBurned: newSecret({ content: null, burnedAt: justExpired }),
      // Receipts whose secret expired before the retention date.
      oldReceipt: newSecret({
        creatorId: creator,
        content: null,
        revealedAt: new Date(retention.getTime() - 5000),
        expiresAt: new Date(retention.getTime() - 1000),
      }),
      oldWithContent: newSecret({ creatorId: creator, expiresAt: new Date(retention.getTime() - 1) }),
      // Kept as they are.
      ownedPending: newSecret({ creatorId: creator }),
      anonymousPending: newSecret(),
      ownedRevealed: newSecret({ creatorId: creator, content: null, revealedAt: justExpired }),
      ownedBurned: newSecret({ creatorId: creator, content: null, burnedAt: justExpired }),
      recentReceipt: newSecret({
        creatorId: creator,
        content: null,
        expiresAt: new Date(retention.getTime() + 1),
      }),
    };
    for (const secret of Object.values(rows)) await secrets.create(secret);

    expect(await secrets.purgeExpired(now, retention)).toEqual({ contentPurged: 4, recordsDeleted: 5 });

    const find = (s: Secret) => secrets.findByLookupHash(s.lookupHash);
    expect(await find(rows.ownedExpired)).toEqual({ ...rows.ownedExpired, content: null });
    expect(stateOf((await find(rows.ownedExpired)) as Secret, now)).toBe('expired');
    expect(await find(rows.ownedExpiringNow)).toEqual({ ...rows.ownedExpiringNow, content: null });
    for (const gone of [
      rows.anonymousExpired,
      rows.anonymousRevealed,
      rows.anonymousBurned,
      rows.oldReceipt,
      rows.oldWithContent,
    ])
      expect(await find(gone)).toBeNull();
    for (const kept of [rows.ownedPending, rows.anonymousPending, rows.ownedRevealed, rows.ownedBurned])
      expect(await find(kept)).toEqual(kept);
    expect(await find(rows.recentReceipt)).toEqual(rows.recentReceipt);

    const receipts = await secrets.listForCreator(creator, { limit: 50, offset: 0 });
    expect(receipts.items.map((s) => stateOf(s, now)).sort()).toEqual([
      'burned',
      'expired',
      'expired',
      'expired',
      'pending',
      'revealed',
    ]);
    // The pending secret can still be revealed after a purge.
    expect(await secrets.claimForReveal(rows.ownedPending.id, now)).toBe(true);

    expect(await secrets.purgeExpired(now, retention)).toEqual({ contentPurged: 0, recordsDeleted: 0 });
  });
});

describe('TypeormSecretRepository.countPending on the real database', () => {
  let close: () => Promise<void>;
  let secrets: TypeormSecretRepository;

  // A database of its own: the count is over every row.
  beforeAll(async () => {
    let dataSource: DataSource;
    ({ dataSource, close } = await createMigratedDataSource());
    secrets = new TypeormSecretRepository(dataSource);
  });
  afterAll(() => close());

  it('counts the secrets of every creator that still hold their content and have not expired', async () => {
    const rows = [
      newSecret(),
      newSecret({ creatorId: randomUUID() }),
      newSecret({ expiresAt: now }),
      newSecret({ expiresAt: new Date(now.getTime() - 1000) }),
      newSecret({ content: null, revealedAt: now }),
      newSecret({ content: null, burnedAt: now }),
    ];
    for (const secret of rows) await secrets.create(secret);
    expect(await secrets.countPending(now)).toBe(2);

    // Burning (as revealing) takes the content: one fewer.
    await secrets.burn(rows[0].id, now);
    expect(await secrets.countPending(now)).toBe(1);
  });
});
