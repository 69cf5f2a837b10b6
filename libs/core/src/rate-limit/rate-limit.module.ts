import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RedisConnection } from '../redis/redis-connection';
import { RateLimitGuard } from './rate-limit.guard';
import { MemoryRateLimiter, RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

@Global()
@Module({
  providers: [
    {
      provide: RateLimiter,
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) =>
        redis.client ? new RedisRateLimiter(redis.client) : new MemoryRateLimiter(),
    },
    // Guards run before handlers, so a flood is turned away before any password hashing.
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}
