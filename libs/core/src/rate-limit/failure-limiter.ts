/** One counter of failed attempts: at most `limit` in a fixed window of `windowSeconds` from its first one. */
export interface FailureCounter {
  key: string;
  limit: number;
  windowSeconds: number;
}

export type Reservation = { granted: true } | { granted: false; retryAfterSeconds: number };

/**
 * Limits failures rather than requests (failed logins): an attempt is counted on every counter before it
 * is tried, unless one of them is already at its limit (then nothing is counted, and the attempt is not
 * tried), and given back once it did not fail. Only failures stay counted, and attempts in flight count
 * until they end, so however many race, no more than `limit` are tried in a window. The class is the DI
 * token; the Redis implementation shares counters between API processes.
 */
export abstract class FailureLimiter {
  abstract reserve(counters: readonly FailureCounter[]): Promise<Reservation>;
  /** Gives a reserved attempt back: it succeeded, or failed for a reason that was not the client's. */
  abstract release(counters: readonly FailureCounter[]): Promise<void>;
}

export class MemoryFailureLimiter extends FailureLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async reserve(counters: readonly FailureCounter[]): Promise<Reservation> {
    const now = this.now();
    this.sweep(now);
    for (const counter of counters) {
      const window = this.current(counter.key, now);
      if (window && window.count >= counter.limit)
        return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
    }
    for (const counter of counters) {
      const window = this.current(counter.key, now) ?? { count: 0, resetAt: now + counter.windowSeconds * 1000 };
      window.count += 1;
      this.windows.set(counter.key, window);
    }
    return { granted: true };
  }

  async release(counters: readonly FailureCounter[]): Promise<void> {
    const now = this.now();
    for (const counter of counters) {
      const window = this.current(counter.key, now);
      if (!window) continue;
      window.count -= 1;
      if (window.count <= 0) this.windows.delete(counter.key);
    }
  }

  private current(key: string, now: number): { count: number; resetAt: number } | null {
    const window = this.windows.get(key);
    return window && window.resetAt > now ? window : null;
  }

  // Expired windows are dropped at most once a second so memory stays bounded by active keys.
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
