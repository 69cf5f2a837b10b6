import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';

/**
 * A value that changes whenever data the access cache holds may have changed, in this process or any other: a
 * cached entry is used only while the version it was loaded under is still current. The class is the DI token.
 */
export abstract class AccessVersion {
  /** Changes made by this process, so that they show here at once whatever the shared part says. */
  protected local = 0;

  /** The version now; null when this deployment cannot see other processes' changes (nothing is cached then). */
  abstract read(): Promise<string | null>;

  /** Announces a committed change to every process. Never throws: the entries' lifetime bounds a lost announcement. */
  abstract changed(): Promise<void>;
}

/** PostgreSQL without Redis (the embedded session store): processes share nothing cheap to read, so no caching. */
export class UncachedAccessVersion extends AccessVersion {
  async read(): Promise<string | null> {
    return null;
  }

  async changed(): Promise<void> {}
}

/**
 * Redis: a counter every process increments after a change and reads with each request's session check (the GET
 * joins the session's HGETALL in one round trip through ioredis' auto-pipelining).
 */
export class RedisAccessVersion extends AccessVersion {
  private readonly logger = new Logger('AccessCache');

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {
    super();
  }

  async read(): Promise<string | null> {
    return `${(await this.redis.get(this.key)) ?? '0'}:${this.local}`;
  }

  async changed(): Promise<void> {
    this.local += 1;
    try {
      await this.redis.incr(this.key);
    } catch (error) {
      this.logger.warn(
        `could not announce an access change to the other processes (${error instanceof Error ? error.message : error}); ` +
          'their cached entries expire within ACCESS_CACHE_TTL_MS',
      );
    }
  }
}

/**
 * SQLite: `PRAGMA data_version` changes whenever another connection (another worker process) commits to the
 * database file, a few microseconds to read; this process's own changes count locally. Any commit elsewhere
 * counts, sessions and audit events included: with several workers entries live shorter, never too long.
 */
export class SqliteAccessVersion extends AccessVersion {
  private readonly statement: { get(): unknown };

  constructor(dataSource: DataSource) {
    super();
    const driver = dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): { get(): unknown } } };
    this.statement = driver.databaseConnection.prepare('PRAGMA data_version');
  }

  async read(): Promise<string | null> {
    const row = this.statement.get() as { data_version: number };
    return `${row.data_version}:${this.local}`;
  }

  async changed(): Promise<void> {
    this.local += 1;
  }
}
