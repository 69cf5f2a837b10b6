import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureCounter, FailureLimiter } from './failure-limiter';

/** The behaviour every FailureLimiter adapter must have (memory and Redis run the same cases). */
export function failureLimiterContract(
  name: string,
  open: () => Promise<{ limiter: FailureLimiter; close(): Promise<void> }>,
): void {
  describe(`FailureLimiter contract: ${name}`, () => {
    let limiter: FailureLimiter;
    let close: () => Promise<void>;
    beforeAll(async () => ({ limiter, close } = await open()));
    afterAll(() => close());

    const counter = (limit: number, windowSeconds = 60): FailureCounter => ({
      key: `test:${randomUUID()}`,
      limit,
      windowSeconds,
    });

    it('lets `limit` attempts through a window, then refuses with the time left, counting nothing more', async () => {
      const c = counter(3, 60);
      for (let i = 0; i < 3; i += 1) expect(await limiter.reserve([c])).toEqual({ granted: true });
      for (let i = 0; i < 3; i += 1) {
        const refused = await limiter.reserve([c]);
        expect(refused.granted).toBe(false);
        expect(refused.granted === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
        expect(refused.granted === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
      // One given back: exactly one more attempt fits (the refused ones were never counted).
      await limiter.release([c]);
      expect((await limiter.reserve([c])).granted).toBe(true);
      expect((await limiter.reserve([c])).granted).toBe(false);
    });

    it('does not count attempts that were given back', async () => {
      const c = counter(2);
      for (let i = 0; i < 50; i += 1) {
        expect((await limiter.reserve([c])).granted).toBe(true);
        await limiter.release([c]);
      }
      expect((await limiter.reserve([c])).granted).toBe(true);
    });

    it('counts on every counter or on none', async () => {
      const tight = counter(1);
      const loose = counter(3);
      expect((await limiter.reserve([loose, tight])).granted).toBe(true);
      expect((await limiter.reserve([loose, tight])).granted).toBe(false);
      // The refusal by `tight` counted nothing on `loose`: two more fit there.
      expect((await limiter.reserve([loose])).granted).toBe(true);
      expect((await limiter.reserve([loose])).granted).toBe(true);
      expect((await limiter.reserve([loose])).granted).toBe(false);
    });

    it('lets exactly `limit` of 30 concurrent attempts through', async () => {
      const c = counter(5);
      const results = await Promise.all(Array.from({ length: 30 }, () => limiter.reserve([c])));
      expect(results.filter((r) => r.granted)).toHaveLength(5);
    });

    it('starts over when the window ends, and a late give-back does not outlive it', async () => {
      const c = counter(1, 1);
      expect((await limiter.reserve([c])).granted).toBe(true);
      expect((await limiter.reserve([c])).granted).toBe(false);
      await sleep(1100);
      await limiter.release([c]);
      expect((await limiter.reserve([c])).granted).toBe(true);
      expect((await limiter.reserve([c])).granted).toBe(false);
      await sleep(1100);
      expect((await limiter.reserve([c])).granted).toBe(true);
    });
  });
}
