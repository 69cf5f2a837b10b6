import Redis from 'ioredis';
import { FailureCounter, FailureLimiter, Reservation } from './failure-limiter';

// Check every counter, then count on every one, in one step: concurrent attempts cannot all slip under a
// limit. A window's expiry is set with its first count, in the same step, so no counter lives forever.
// KEYS: the counters; ARGV: limit and window (ms) of each, in turn.
const RESERVE = `
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i - 1]) then
    return { 0, redis.call('PTTL', key) }
  end
end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return { 1, 0 }
`;

// A window that ended meanwhile is not recreated (DECR on a missing key would make one without expiry).
const RELEASE = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 and redis.call('DECR', key) <= 0 then redis.call('DEL', key) end
end
return 0
`;

/** Failure counters in Redis, shared by every API process; keys start with REDIS_KEY_PREFIX. */
export class RedisFailureLimiter extends FailureLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  async reserve(counters: readonly FailureCounter[]): Promise<Reservation> {
    const limits = counters.flatMap((c) => [c.limit, c.windowSeconds * 1000]);
    const [granted, ttlMs] = (await this.redis.eval(RESERVE, counters.length, ...this.keys(counters), ...limits)) as [
      number,
      number,
    ];
    if (granted === 1) return { granted: true };
    return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  async release(counters: readonly FailureCounter[]): Promise<void> {
    await this.redis.eval(RELEASE, counters.length, ...this.keys(counters));
  }

  private keys(counters: readonly FailureCounter[]): string[] {
    return counters.map((c) => `${this.prefix}failures:${c.key}`);
  }
}
