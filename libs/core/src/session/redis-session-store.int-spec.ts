import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisSessionStore } from './redis-session-store';
import { sessionStoreContract } from './session-store.contract';

sessionStoreContract('redis', async () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { maxRetriesPerRequest: 2 });
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

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
