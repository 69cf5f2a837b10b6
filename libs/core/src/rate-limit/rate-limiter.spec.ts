import { MemoryRateLimiter } from './rate-limiter';

describe('MemoryRateLimiter', () => {
  it('allows `limit` hits per window and tells when to retry', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i += 1) expect((await limiter.consume('k', 3, 60)).allowed).toBe(true);
    const denied = await limiter.consume('k', 3, 60);
    expect(denied).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await limiter.consume('other', 3, 60)).allowed).toBe(true);
    now += 60_000;
    expect((await limiter.consume('k', 3, 60)).allowed).toBe(true);
  });
});
