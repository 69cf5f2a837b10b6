import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** Repeats of one connection error are logged at most this often (ioredis retries every few hundred ms). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/** The shared Redis client, or none when REDIS_URL is unset (embedded mode). The class is the DI token. */
export class RedisConnection {
  constructor(readonly client: Redis | null) {}

  static connect(url: string | null): RedisConnection {
    if (!url) return new RedisConnection(null);
    // Fail commands after a couple of retries instead of queueing them while Redis is away.
    const client = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    const logger = new Logger('Redis');
    let last = { message: '', at: 0 };
    // Without a listener ioredis prints every connection error with a stack; readiness reports the outage.
    client.on('error', (error: Error) => {
      const now = Date.now();
      if (error.message === last.message && now - last.at < ERROR_LOG_INTERVAL_MS) return;
      last = { message: error.message, at: now };
      logger.warn(`redis error: ${error.message}`);
    });
    return new RedisConnection(client);
  }

  async close(): Promise<void> {
    if (!this.client || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}
