import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoadedSlices, provideConfigSlice } from '../config/config-slice';
import { RateLimitConfig } from '../config/platform-config';
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
    provideConfigSlice(RateLimitConfig),
    {
      provide: FailureLimiter,
      inject: [RedisConnection, RateLimitConfig],
      useFactory: (redis: RedisConnection, config: RateLimitConfig): FailureLimiter =>
        redis.client ? new RedisFailureLimiter(redis.client, config.keyPrefix) : new MemoryFailureLimiter(),
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
      // The options provider lives in ThrottlerModule, which provides no slice of its own.
      inject: [LoadedSlices, RedisConnection],
      useFactory: (slices: LoadedSlices, redis: RedisConnection) =>
        throttlerOptions(slices.get(RateLimitConfig), redis),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RouteRateLimitGuard }],
})
export class RateLimitModule {}
