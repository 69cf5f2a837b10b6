import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { FailureLimiter, MemoryFailureLimiter } from './failure-limiter';
import { RedisFailureLimiter } from './redis-failure-limiter';
import { RouteRateLimitGuard, throttlerOptions } from './route-rate-limit';

/**
 * The FailureLimiter port (failed logins), for the modules that import it (identity's login throttle). Plain
 * per-route limits are @nestjs/throttler's (RateLimitModule); it cannot count only the requests that turn out
 * to fail, nor refuse a key before the handler runs on the strength of earlier failures alone.
 */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: FailureLimiter,
      inject: [RedisConnection, AppConfig],
      useFactory: (redis: RedisConnection, config: AppConfig): FailureLimiter =>
        redis.client ? new RedisFailureLimiter(redis.client, config.rateLimit.keyPrefix) : new MemoryFailureLimiter(),
    },
  ],
  exports: [FailureLimiter],
})
export class FailureLimiterModule {}

/** Per-route limits of the HTTP API (`@RateLimit(rule)`), checked before any handler runs. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [AppConfig, RedisConnection],
      useFactory: (config: AppConfig, redis: RedisConnection) => throttlerOptions(config, redis),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RouteRateLimitGuard }],
})
export class RateLimitModule {}
