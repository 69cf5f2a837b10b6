import Redis from 'ioredis';
import { RateLimitDecision, RateLimiter } from './rate-limiter';

// INCR and the first PEXPIRE in one step, so a window can never be left without expiry.
const CONSUME = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`;

export class RedisRateLimiter extends RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kw:rl:',
  ) {
    super();
  }

  async consume(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const [count, ttlMs] = (await this.redis.eval(CONSUME, 1, `${this.prefix}${key}`, windowSeconds * 1000)) as [
      number,
      number,
    ];
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(ttlMs, 0) / 1000)) };
  }
}
