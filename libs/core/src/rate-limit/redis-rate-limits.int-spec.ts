import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { failureLimiterContract } from './failure-limiter.contract';
import { RedisFailureLimiter } from './redis-failure-limiter';
import { RedisThrottlerStorage } from './redis-throttler-storage';

const url = process.env.REDIS_URL;

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A client and a key prefix of this run's own, removed afterwards. */
function connect() {
  const redis = new Redis(url as string, { maxRetriesPerRequest: 2 });
  const prefix = `kw:test:${randomBytes(6).toString('hex')}:`;
  const close = async () => {
    await deleteKeys(redis, `${prefix}*`);
    await redis.quit();
  };
  return { redis, prefix, close };
}

if (!url) {
  describe('Redis rate-limit adapters', () => {
    it.skip('need REDIS_URL (run with REDIS_URL=redis://127.0.0.1:6379/1 to include them)', () => undefined);
  });
} else {
  failureLimiterContract('redis', async () => {
    const { redis, prefix, close } = connect();
    return { limiter: new RedisFailureLimiter(redis, prefix), close };
  });

  describe('RedisThrottlerStorage', () => {
    const { redis, prefix, close } = connect();
    const storage = new RedisThrottlerStorage(redis, prefix);
    afterAll(() => close());

    it('counts hits in a window, then blocks for the block duration and starts over', async () => {
      const key = randomUUID();
      for (let hit = 1; hit <= 3; hit += 1) {
        const record = await storage.increment(key, 1000, 3, 1000, 'register');
        expect(record).toMatchObject({ totalHits: hit, isBlocked: false, timeToExpire: 1 });
      }
      const blocked = await storage.increment(key, 1000, 3, 1000, 'register');
      expect(blocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
      expect((await storage.increment(key, 1000, 3, 1000, 'register')).isBlocked).toBe(true);
      expect(await redis.keys(`${prefix}*`)).toEqual(expect.arrayContaining([expect.stringMatching(/:blocked$/)]));
      await sleep(1100);
      expect(await storage.increment(key, 1000, 3, 1000, 'register')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('keeps keys and throttlers apart, and blocks exactly past the limit under concurrency', async () => {
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => storage.increment(key, 60_000, 5, 60_000, 'secretsReveal')),
      );
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(5);
      expect((await storage.increment(key, 60_000, 5, 60_000, 'secretsCreate')).isBlocked).toBe(false);
      expect((await storage.increment(randomUUID(), 60_000, 5, 60_000, 'secretsReveal')).isBlocked).toBe(false);
      // Every key expires: none is left to grow for good.
      for (const name of await redis.keys(`${prefix}*`)) expect(await redis.pttl(name)).toBeGreaterThan(0);
    });
  });
}
