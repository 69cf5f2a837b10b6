import { createHash } from 'node:crypto';

/**
 * SHA-256 as lowercase hex. Enough for values with 256 random bits (API keys, refresh tokens, secret
 * keys): nothing to brute-force, so no slow hash is needed, and a stored digest cannot be used as the value.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; PostgreSQL refuses anything else in a uuid column with an error, so check first. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
