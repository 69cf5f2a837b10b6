import { Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { EmbeddedSessionStore } from './embedded/embedded-session-store';
import { RedisSessionStore } from './redis-session-store';
import { SessionStore } from './session-store';

const PURGE_INTERVAL_MS = 15 * 60 * 1000;

/**
 * Provides the SessionStore port: Redis when REDIS_URL is set (several API processes share it), otherwise
 * rows in the SQL database (DataSource comes from the global DatabaseModule).
 */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: SessionStore,
      inject: [RedisConnection, DataSource],
      useFactory: (redis: RedisConnection, dataSource: DataSource): SessionStore =>
        redis.client ? new RedisSessionStore(redis.client) : new EmbeddedSessionStore(dataSource),
    },
  ],
  exports: [SessionStore],
})
export class SessionStoreModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sessions: SessionStore) {}

  /** Expired sessions of users who never come back would otherwise stay in the embedded store for good. */
  onModuleInit(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.sessions.purgeExpired(new Date());
      if (purged > 0) this.logger.log(`purged ${purged} expired session(s)`);
    } catch (error) {
      this.logger.warn(`session purge failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
