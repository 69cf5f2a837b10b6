import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis-connection';
import { EmbeddedSessionStore } from './embedded/embedded-session-store';
import { RedisSessionStore } from './redis-session-store';
import { SessionStore } from './session-store';

/**
 * Provides the SessionStore port: Redis when REDIS_URL is set (several API processes share it), otherwise
 * rows in the SQL database. RedisConnection and DataSource come from the globally imported modules.
 */
@Global()
@Module({
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
export class SessionStoreModule {}
