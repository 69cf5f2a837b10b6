import Redis from 'ioredis';

/** The shared Redis client, or none when REDIS_URL is unset (embedded mode). The class is the DI token. */
export class RedisConnection {
  constructor(readonly client: Redis | null) {}

  static connect(url: string | null): RedisConnection {
    if (!url) return new RedisConnection(null);
    // Fail commands quickly instead of queueing them forever while Redis is away.
    return new RedisConnection(
      new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }),
    );
  }

  async close(): Promise<void> {
    if (this.client && this.client.status !== 'end') await this.client.quit().catch(() => this.client?.disconnect());
  }
}
