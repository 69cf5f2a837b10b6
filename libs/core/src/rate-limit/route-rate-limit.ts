import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import {
  normalizeIp,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import { RateLimitedError } from '@keyward/kernel';
import { RateLimitConfig, RouteLimitName } from '../config/platform-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisThrottlerStorage } from './redis-throttler-storage';

const RATE_LIMIT = 'keyward:rate-limit';

/**
 * Limits a route per client IP by the rule of that name in the configuration (`RateLimitConfig.rules`),
 * with @nestjs/throttler. Routes without it are not limited this way.
 */
export const RateLimit = (rule: RouteLimitName) => SetMetadata(RATE_LIMIT, rule);

/**
 * Who a per-client counter counts: the client IP, an IPv6 address by its /64 (one host usually holds a
 * whole /64, and would otherwise get a fresh counter per address). As @nestjs/throttler tracks clients.
 */
export function clientKeyOf(ip: string | null): string {
  return ip ? normalizeIp(ip) : 'unknown';
}

function ruleOf(context: ExecutionContext): string | undefined {
  return Reflect.getMetadata(RATE_LIMIT, context.getHandler()) as string | undefined;
}

/**
 * One named throttler per rule, each applying only to the routes that name it. Counters live in Redis when
 * there is one (shared by every API process), otherwise in this process.
 */
export function throttlerOptions(config: RateLimitConfig, redis: RedisConnection): ThrottlerModuleOptions {
  const { enabled, rules, keyPrefix } = config;
  return {
    throttlers: Object.entries(rules).map(([name, rule]) => ({
      name,
      limit: rule.limit,
      ttl: rule.windowSeconds * 1000,
      skipIf: (context: ExecutionContext) => !enabled || ruleOf(context) !== name,
    })),
    // The answer carries Retry-After (problem details); per-throttler X-RateLimit headers would add nothing.
    setHeaders: false,
    storage: redis.client ? new RedisThrottlerStorage(redis.client, keyPrefix) : new ThrottlerStorageService(),
  };
}

/** The throttler's guard, answering 429 as every other error: problem details RATE_LIMITED with Retry-After. */
@Injectable()
export class RouteRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, limit.timeToBlockExpire || limit.timeToExpire));
  }
}
