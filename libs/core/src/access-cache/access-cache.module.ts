import { Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { provideConfigSlice } from '../config/config-slice';
import { AccessCacheConfig, DatabaseConfig } from '../config/platform-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { AccessCache } from './access-cache';
import { AccessChangeSubscriber } from './access-change-subscriber';
import { AccessVersion, RedisAccessVersion, SqliteAccessVersion, UncachedAccessVersion } from './access-version';

/**
 * The access cache and its version: Redis's counter when REDIS_URL is set, SQLite's data_version on SQLite, and
 * no caching on PostgreSQL without Redis (nothing shared to read cheaply). Every write goes through the
 * subscriber, which announces it.
 */
@Module({
  imports: [RedisModule],
  providers: [
    provideConfigSlice(AccessCacheConfig),
    provideConfigSlice(DatabaseConfig),
    {
      provide: AccessVersion,
      inject: [RedisConnection, DataSource, DatabaseConfig, AccessCacheConfig],
      useFactory: (redis: RedisConnection, dataSource: DataSource, db: DatabaseConfig, c: AccessCacheConfig) => {
        if (redis.client) return new RedisAccessVersion(redis.client, `${c.keyPrefix}access-version`);
        return db.dialect === 'sqlite' ? new SqliteAccessVersion(dataSource) : new UncachedAccessVersion();
      },
    },
    {
      provide: AccessCache,
      inject: [AccessVersion, AccessCacheConfig],
      useFactory: (version: AccessVersion, c: AccessCacheConfig) => new AccessCache(version, c.ttlMs),
    },
  ],
  exports: [AccessCache],
})
export class AccessCacheModule implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly version: AccessVersion,
  ) {}

  /** Registered on the DataSource itself, so writes from every module (and the CLI) are announced. */
  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((s) => s instanceof AccessChangeSubscriber)) {
      this.dataSource.subscribers.push(new AccessChangeSubscriber(this.version));
    }
  }
}
