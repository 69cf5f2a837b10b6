import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisSessionStore } from './redis-session-store';
import { sessionStoreContract } from './session-store.contract';

// The adapter needs a real Redis: CI's PostgreSQL + Redis pass sets REDIS_URL. Without it (the README's plain
// `npm test` on a machine with no Redis) the suite is skipped rather than failing against a guessed address.
const redisUrl = process.env.REDIS_URL;

if (redisUrl) {
  sessionStoreContract('redis', async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    // A prefix of its own lets this file share a Redis with anything else and clean up only what it wrote.
    const prefix = `kw:test:${randomBytes(6).toString('hex')}:`;
    return {
      store: new RedisSessionStore(redis, prefix),
      close: async () => {
        await deleteKeys(redis, `${prefix}*`);
        await redis.quit();
      },
    };
  });
} else {
  describe('SessionStore contract: redis', () => {
    it.skip('needs REDIS_URL=redis://host:port/db (CI runs it in its PostgreSQL + Redis pass)', () => undefined);
  });
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
