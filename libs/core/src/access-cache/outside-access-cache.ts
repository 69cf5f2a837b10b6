const OUTSIDE = Symbol('outside the access cache');

/**
 * Marks a TypeORM entity whose rows no cached access view reads (sessions, audit events, secrets...): writing them
 * does not invalidate the access cache. Every other entity's writes do, so a new table is safe by default.
 */
export function OutsideAccessCache(): ClassDecorator {
  return (target) => {
    Object.defineProperty(target, OUTSIDE, { value: true });
  };
}

export function isOutsideAccessCache(target: unknown): boolean {
  return typeof target === 'function' && (target as unknown as Record<symbol, unknown>)[OUTSIDE] === true;
}
