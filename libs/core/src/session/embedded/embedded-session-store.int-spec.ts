import { randomUUID } from 'node:crypto';
import { createMigratedDataSource } from '../../../../../test/support/test-database';
import { sessionStoreContract } from '../session-store.contract';
import { EmbeddedSessionStore } from './embedded-session-store';
import { SessionEntity } from './session.entity';

// SQLite by default, PostgreSQL when DATABASE_URL=postgres://...: a fresh, fully migrated database per file.
sessionStoreContract('embedded', async () => {
  const { dataSource, close } = await createMigratedDataSource();
  return { store: new EmbeddedSessionStore(dataSource), close };
});

describe('EmbeddedSessionStore.purgeExpired', () => {
  it('deletes the rows of expired sessions, which nothing else would remove for users who never return', async () => {
    const { dataSource, close } = await createMigratedDataSource();
    try {
      const store = new EmbeddedSessionStore(dataSource);
      const now = Date.now();
      const session = (idle: number, absolute: number) => ({
        id: randomUUID(),
        userId: randomUUID(),
        refreshTokenHash: randomUUID().replace(/-/g, ''),
        ip: null,
        userAgent: null,
        createdAt: new Date(now - 10_000),
        lastSeenAt: new Date(now - 10_000),
        idleExpiresAt: new Date(now + idle),
        absoluteExpiresAt: new Date(now + absolute),
      });
      // Rows written directly: sessions that expired while nobody used them (create drops a user's expired ones).
      await dataSource.getRepository(SessionEntity).insert([session(-1000, 60_000), session(60_000, -1000)]);
      const live = session(60_000, 120_000);
      await store.create(live);

      expect(await store.purgeExpired(new Date())).toBe(2);
      expect((await dataSource.getRepository(SessionEntity).find()).map((row) => row.id)).toEqual([live.id]);
      expect(await store.purgeExpired(new Date())).toBe(0);
    } finally {
      await close();
    }
  });

  it('answers get with null for rows past either deadline, and with the row, dates and all, while it lives', async () => {
    const { dataSource, close } = await createMigratedDataSource();
    try {
      const store = new EmbeddedSessionStore(dataSource);
      const now = Date.now();
      const session = (idle: number, absolute: number) => ({
        id: randomUUID(),
        userId: randomUUID(),
        refreshTokenHash: randomUUID().replace(/-/g, ''),
        ip: '203.0.113.9',
        userAgent: 'agent',
        createdAt: new Date(now - 10_000),
        lastSeenAt: new Date(now - 5_000),
        idleExpiresAt: new Date(now + idle),
        absoluteExpiresAt: new Date(now + absolute),
      });
      // Written directly: sessions that expired after their creation (create drops a user's expired ones).
      const idleGone = session(-1000, 60_000);
      const absoluteGone = session(60_000, -1000);
      const live = session(60_000, 120_000);
      await dataSource.getRepository(SessionEntity).insert([idleGone, absoluteGone, live]);

      expect(await store.get(idleGone.id)).toBeNull();
      expect(await store.get(absoluteGone.id)).toBeNull();
      expect(await store.get(live.id)).toEqual(live);
      expect(await store.get(randomUUID())).toBeNull();
    } finally {
      await close();
    }
  });
});
