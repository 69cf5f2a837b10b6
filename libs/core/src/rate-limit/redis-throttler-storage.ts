import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// A fixed window per key: counted and, on its first hit, given its expiry in one step. Past the limit the
// key is blocked for `blockDuration` (the window's length, as the throttler defaults it) and the count
// starts over afterwards, as in @nestjs/throttler's memory storage.
// KEYS: hits, block. ARGV: window (ms), limit, block duration (ms). Returns hits, ms left in the window,
// blocked (0/1), ms left of the block.
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return { tonumber(ARGV[2]) + 1, blocked, 1, blocked }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  local block = math.max(tonumber(ARGV[3]), left, 1)
  redis.call('SET', KEYS[2], '1', 'PX', block)
  redis.call('DEL', KEYS[1])
  return { hits, left, 1, block }
end
return { hits, left, 0, 0 }
`;

/**
 * @nestjs/throttler's storage in Redis, so every API process counts against the same limits. (The
 * @nest-lab storage package does not declare NestJS 12 as a peer, so it cannot be installed cleanly.)
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // The hash tag keeps both keys of one counter in one slot, should the Redis ever be a cluster.
    const base = `${this.prefix}throttle:${throttlerName}:{${key}}`;
    const [totalHits, leftMs, blocked, blockMs] = (await this.redis.eval(
      INCREMENT,
      2,
      base,
      `${base}:blocked`,
      ttl,
      limit,
      blockDuration,
    )) as [number, number, number, number];
    return {
      totalHits,
      timeToExpire: Math.max(0, Math.ceil(leftMs / 1000)),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.max(0, Math.ceil(blockMs / 1000)),
    };
  }
}
