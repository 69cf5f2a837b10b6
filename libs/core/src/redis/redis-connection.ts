import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** Repeats of one connection error are logged at most this often (ioredis retries every second or so). */
const ERROR_LOG_INTERVAL_MS = 10_000;
/** Longest pause between reconnection attempts: how long the service may stay down after Redis is back. */
const MAX_RECONNECT_DELAY_MS = 1000;

/** The shared Redis client, or none when REDIS_URL is unset (embedded mode). The class is the DI token. */
export class RedisConnection {
  constructor(readonly client: Redis | null) {}

  /**
   * Fails fast and heals: a command gets no answer within `commandTimeoutMs` or is refused at once while
   * disconnected (no offline queue), commands pending when the connection drops fail at once, and the client
   * reconnects for as long as it takes. Nothing is replayed after a reconnect: the request that sent it has
   * already answered 503, and a replayed write (a refresh-token rotation) would surprise its client.
   */
  static connect(url: string | null, commandTimeoutMs = 1000): RedisConnection {
    if (!url) return new RedisConnection(null);
    const client = new Redis(url, {
      commandTimeout: commandTimeoutMs,
      connectTimeout: Math.max(commandTimeoutMs, 2000),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      lazyConnect: false,
      // Commands issued in the same tick share one write and one round trip: a request's session HGETALL and the
      // access version's GET (AuthenticateInteractor), and concurrent requests' commands under load.
      enableAutoPipelining: true,
    });
    RedisConnection.logTransitions(client, new Logger('Redis'));
    return new RedisConnection(client);
  }

  /** Waits (at most `timeoutMs`) for the first connection; false when Redis is not there yet. */
  async ready(timeoutMs: number): Promise<boolean> {
    const client = this.client;
    if (!client || client.status === 'ready') return true;
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    const outcome = await new Promise<boolean>((resolve) => {
      onReady = () => resolve(true);
      client.once('ready', onReady);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    clearTimeout(timer);
    if (onReady) client.off('ready', onReady);
    return outcome;
  }

  async close(): Promise<void> {
    const client = this.client;
    if (!client || client.status === 'end') return;
    // QUIT only where it can be answered; otherwise stop reconnecting and drop the socket.
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }

  // Without an error listener ioredis prints every connection error with a stack; readiness reports the
  // outage and the problem filter logs the failed requests, so one line per change of state is enough here.
  private static logTransitions(client: Redis, logger: Logger): void {
    let last = { message: '', at: 0 };
    let lostAt: number | null = null;
    client.on('error', (error: Error) => {
      const now = Date.now();
      if (error.message === last.message && now - last.at < ERROR_LOG_INTERVAL_MS) return;
      last = { message: error.message, at: now };
      logger.warn(`redis error: ${error.message}`);
    });
    client.on('close', () => {
      if (lostAt !== null) return;
      lostAt = Date.now();
      logger.warn('redis connection lost; requests that need Redis answer 503 until it is back');
    });
    client.on('ready', () => {
      if (lostAt === null) return;
      logger.log(`redis connection back after ${Date.now() - lostAt} ms`);
      lostAt = null;
    });
  }
}
