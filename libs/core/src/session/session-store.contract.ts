import { randomBytes, randomUUID } from 'node:crypto';
import { RotationResult, SessionRecord, SessionStore } from './session-store';

const MINUTE = 60_000;

/**
 * Behaviour every SessionStore adapter must show, run against the real backing service. Each test makes its
 * own users and sessions with random ids, so tests share one store without seeing each other's data, and
 * expiry is expressed with real timestamps in the past (no fake timers: the backends have their own clocks).
 */
export function sessionStoreContract(
  name: string,
  factory: () => Promise<{ store: SessionStore; close(): Promise<void> }>,
): void {
  describe(`SessionStore contract: ${name}`, () => {
    let store: SessionStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await factory());
    });

    afterAll(async () => {
      await close?.();
    });

    async function created(overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
      const session = aSession(overrides);
      await store.create(session);
      return session;
    }

    describe('create and get', () => {
      it('round-trips every field, Dates included', async () => {
        const session = await created({
          ip: '2001:db8::1',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
        });

        const found = await store.get(session.id);

        expect(found).toEqual(session);
        expect(found?.createdAt).toBeInstanceOf(Date);
      });

      it('round-trips null ip and user agent', async () => {
        const session = await created({ ip: null, userAgent: null });

        expect(await store.get(session.id)).toEqual(session);
      });

      it('returns null for an unknown id', async () => {
        expect(await store.get(randomUUID())).toBeNull();
      });

      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe.each([
      ['idle', { idleExpiresAt: new Date(Date.now() - 1000) }],
      ['absolute', { absoluteExpiresAt: new Date(Date.now() - 1000) }],
    ])('a session past its %s expiry', (_, expiry) => {
      let session: SessionRecord;

      beforeEach(async () => {
        session = await created(expiry);
      });

      it('is absent from get and listByUser', async () => {
        expect(await store.get(session.id)).toBeNull();
        expect(await store.listByUser(session.userId)).toEqual([]);
      });

      it('is purged while live sessions stay', async () => {
        const live = await created({ userId: session.userId });
        await store.purgeExpired(new Date());
        expect(await store.get(session.id)).toBeNull();
        expect(await store.get(live.id)).toEqual(live);
      });

      it('cannot be rotated, touched back to life or deleted', async () => {
        const later = new Date(Date.now() + 10 * MINUTE);

        expect(
          await store.rotateRefreshToken(session.id, session.refreshTokenHash, aHash(), new Date(), later),
        ).toEqual({ outcome: 'invalid' });
        await store.touch(session.id, new Date(), later);
        expect(await store.get(session.id)).toBeNull();
        expect(await store.deleteForUser(session.userId, session.id)).toBe(false);
        expect(await store.deleteAllForUser(session.userId)).toBe(0);
      });
    });

    describe('countLive', () => {
      it('counts live sessions and leaves out expired and deleted ones', async () => {
        const before = await store.countLive(new Date());
        const kept = await created();
        const deleted = await created();
        await created({ idleExpiresAt: new Date(Date.now() - 1000) });
        await created({ absoluteExpiresAt: new Date(Date.now() - 1000) });
        await store.rotateRefreshToken(kept.id, kept.refreshTokenHash, 'next-hash', new Date(), kept.idleExpiresAt);
        await store.deleteForUser(deleted.userId, deleted.id);

        expect(await store.countLive(new Date())).toBe(before + 1);
      });
    });

    describe('touch', () => {
      it('moves lastSeenAt and idleExpiresAt', async () => {
        const session = await created();
        const lastSeenAt = new Date(Date.now() + 1000);
        const idleExpiresAt = new Date(Date.now() + 20 * MINUTE);

        await store.touch(session.id, lastSeenAt, idleExpiresAt);

        expect(await store.get(session.id)).toEqual({ ...session, lastSeenAt, idleExpiresAt });
      });

      it('never moves idleExpiresAt beyond absoluteExpiresAt', async () => {
        const session = await created({ absoluteExpiresAt: new Date(Date.now() + 5 * MINUTE) });

        await store.touch(session.id, new Date(), new Date(Date.now() + 30 * MINUTE));

        expect((await store.get(session.id))?.idleExpiresAt).toEqual(session.absoluteExpiresAt);
      });

      it('does nothing for an unknown session', async () => {
        const id = randomUUID();

        await store.touch(id, new Date(), new Date(Date.now() + MINUTE));

        expect(await store.get(id)).toBeNull();
      });
    });

    describe('listByUser', () => {
      it("lists only that user's live sessions, newest first", async () => {
        const userId = randomUUID();
        const now = Date.now();
        const oldest = await created({ userId, createdAt: new Date(now - 3 * MINUTE) });
        const newest = await created({ userId, createdAt: new Date(now - 1 * MINUTE) });
        const middle = await created({ userId, createdAt: new Date(now - 2 * MINUTE) });
        await created({ userId, idleExpiresAt: new Date(now - 1000) });
        await created();

        expect(await store.listByUser(userId)).toEqual([newest, middle, oldest]);
      });

      it('returns an empty list for a user without sessions', async () => {
        expect(await store.listByUser(randomUUID())).toEqual([]);
      });
    });

    describe('countLive', () => {
      it('counts the live sessions of every user, not expired or deleted ones, nor rotated refresh hashes', async () => {
        const now = Date.now();
        const before = await store.countLive(new Date());
        const first = await created();
        const rotated = await created();
        await store.rotateRefreshToken(
          rotated.id,
          rotated.refreshTokenHash,
          aHash(),
          new Date(),
          rotated.idleExpiresAt,
        );
        await created({ idleExpiresAt: new Date(now - 1000) });
        await created({ absoluteExpiresAt: new Date(now - 1000) });
        expect(await store.countLive(new Date())).toBe(before + 2);

        await store.deleteForUser(first.userId, first.id);
        expect(await store.countLive(new Date())).toBe(before + 1);
      });
    });

    describe('deleteForUser', () => {
      it("refuses another user's session", async () => {
        const session = await created();

        expect(await store.deleteForUser(randomUUID(), session.id)).toBe(false);
        expect(await store.get(session.id)).toEqual(session);
      });

      it("deletes the user's own session once", async () => {
        const session = await created();

        expect(await store.deleteForUser(session.userId, session.id)).toBe(true);
        expect(await store.deleteForUser(session.userId, session.id)).toBe(false);
        expect(await store.get(session.id)).toBeNull();
        expect(await store.listByUser(session.userId)).toEqual([]);
      });

      it('returns false for an unknown session', async () => {
        expect(await store.deleteForUser(randomUUID(), randomUUID())).toBe(false);
      });
    });

    describe('deleteAllForUser', () => {
      it('deletes every session of the user but the excepted one', async () => {
        const userId = randomUUID();
        const kept = await created({ userId });
        await created({ userId });
        await created({ userId });
        const someoneElses = await created();

        expect(await store.deleteAllForUser(userId, kept.id)).toBe(2);

        expect(await store.listByUser(userId)).toEqual([kept]);
        expect(await store.get(someoneElses.id)).toEqual(someoneElses);
      });

      it('deletes every session of the user without an exception', async () => {
        const userId = randomUUID();
        await created({ userId });
        await created({ userId });

        expect(await store.deleteAllForUser(userId)).toBe(2);
        expect(await store.listByUser(userId)).toEqual([]);
        expect(await store.deleteAllForUser(userId)).toBe(0);
      });
    });

    describe('rotateRefreshToken', () => {
      it('replaces the current hash and records the activity', async () => {
        const session = await created();
        const next = aHash();
        const now = new Date();
        const idleExpiresAt = new Date(now.getTime() + 15 * MINUTE);

        const result = await store.rotateRefreshToken(session.id, session.refreshTokenHash, next, now, idleExpiresAt);

        const rotated = { ...session, refreshTokenHash: next, lastSeenAt: now, idleExpiresAt };
        expect(result).toEqual({ outcome: 'rotated', session: rotated });
        expect(await store.get(session.id)).toEqual(rotated);
      });

      it('keeps rotating along the chain of hashes', async () => {
        const session = await created();
        const second = aHash();
        const third = aHash();

        expect(await rotate(session, session.refreshTokenHash, second)).toMatchObject({ outcome: 'rotated' });
        expect(await rotate(session, second, third)).toMatchObject({ outcome: 'rotated' });
        expect((await store.get(session.id))?.refreshTokenHash).toBe(third);
      });

      it('never moves idleExpiresAt beyond absoluteExpiresAt', async () => {
        const session = await created({ absoluteExpiresAt: new Date(Date.now() + 5 * MINUTE) });

        const result = await store.rotateRefreshToken(
          session.id,
          session.refreshTokenHash,
          aHash(),
          new Date(),
          new Date(Date.now() + 30 * MINUTE),
        );

        expect(result.outcome === 'rotated' && result.session.idleExpiresAt).toEqual(session.absoluteExpiresAt);
      });

      it('treats a hash rotated away as reuse and deletes the session', async () => {
        const session = await created();
        const second = aHash();
        const third = aHash();
        await rotate(session, session.refreshTokenHash, second);
        await rotate(session, second, third);

        expect(await rotate(session, session.refreshTokenHash, aHash())).toEqual({ outcome: 'reused' });

        expect(await store.get(session.id)).toBeNull();
        expect(await store.listByUser(session.userId)).toEqual([]);
        // Even the hash that was current is worthless now.
        expect(await rotate(session, third, aHash())).toEqual({ outcome: 'invalid' });
      });

      it('rejects a hash the session never issued and leaves the session alone', async () => {
        const session = await created();

        expect(await rotate(session, aHash(), aHash())).toEqual({ outcome: 'invalid' });
        expect(await store.get(session.id)).toEqual(session);
      });

      it("rejects another session's rotated hash without deleting either session", async () => {
        const first = await created();
        const second = await created({ userId: first.userId });
        await rotate(first, first.refreshTokenHash, aHash());

        expect(await rotate(second, first.refreshTokenHash, aHash())).toEqual({ outcome: 'invalid' });
        expect(await store.get(second.id)).toEqual(second);
      });

      it('rejects an unknown session', async () => {
        expect(await rotate(aSession(), aHash(), aHash())).toEqual({ outcome: 'invalid' });
      });

      it('lets exactly one of many concurrent rotations with one hash win', async () => {
        const session = await created();

        const results = await Promise.all(
          Array.from({ length: 20 }, () => rotate(session, session.refreshTokenHash, aHash())),
        );

        const outcomes = results.map((result) => result.outcome);
        expect(outcomes.filter((outcome) => outcome === 'rotated')).toHaveLength(1);
        expect(outcomes.every((outcome) => ['rotated', 'reused', 'invalid'].includes(outcome))).toBe(true);
      });

      function rotate(session: SessionRecord, presented: string, next: string): Promise<RotationResult> {
        return store.rotateRefreshToken(session.id, presented, next, new Date(), new Date(Date.now() + 10 * MINUTE));
      }
    });
  });
}

function aHash(): string {
  return randomBytes(32).toString('hex');
}

function aSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    userId: randomUUID(),
    refreshTokenHash: aHash(),
    ip: '203.0.113.7',
    userAgent: 'keyward-contract-test',
    createdAt: new Date(now - 1000),
    lastSeenAt: new Date(now - 1000),
    absoluteExpiresAt: new Date(now + 60 * MINUTE),
    idleExpiresAt: new Date(now + 10 * MINUTE),
    ...overrides,
  };
}
