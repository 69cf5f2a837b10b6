export const MIN_TTL_SECONDS = 1;
export const MAX_TTL_SECONDS = 7 * 24 * 3600;

const UNIT_SECONDS: Record<string, number> = { days: 86400, hours: 3600, minutes: 60 };

/**
 * The TTL in seconds, from whole seconds or `{days, hours, minutes}` (non-negative integers). Absent means
 * the maximum, 7 days; anything else, or a total outside 1 s..7 days, is null.
 */
export function ttlSeconds(ttl: unknown): number | null {
  if (ttl === undefined) return MAX_TTL_SECONDS;
  let seconds = 0;
  if (typeof ttl === 'number') {
    seconds = ttl;
  } else if (typeof ttl === 'object' && ttl !== null && !Array.isArray(ttl)) {
    const entries = Object.entries(ttl);
    if (entries.length === 0) return null;
    for (const [unit, amount] of entries) {
      if (!(unit in UNIT_SECONDS) || !Number.isSafeInteger(amount) || (amount as number) < 0) return null;
      seconds += (amount as number) * UNIT_SECONDS[unit];
    }
  } else {
    return null;
  }
  return Number.isSafeInteger(seconds) && seconds >= MIN_TTL_SECONDS && seconds <= MAX_TTL_SECONDS ? seconds : null;
}
