/** While a dependency is away every request fails the same way; one line per this interval says it all. */
const BURST_INTERVAL_MS = 10_000;

/**
 * Decides which dependency failures are logged: the first of a burst per dependency, then one per interval
 * with the count of those left out in between, so an outage under load does not flood the log.
 */
export class OutageLog {
  private readonly bursts = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(private readonly intervalMs = BURST_INTERVAL_MS) {}

  /** Null when this failure is not to be logged; else how many were left out since the last line. */
  record(dependency: string, now = Date.now()): { suppressed: number } | null {
    const burst = this.bursts.get(dependency);
    if (burst && now - burst.loggedAt < this.intervalMs) {
      burst.suppressed += 1;
      return null;
    }
    this.bursts.set(dependency, { loggedAt: now, suppressed: 0 });
    return { suppressed: burst?.suppressed ?? 0 };
  }
}
