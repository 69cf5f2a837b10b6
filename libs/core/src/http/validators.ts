import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** Optional, but not nullable: a missing field is skipped, while null is validated (and refused) like any wrong value. */
export const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

/**
 * Query-string integers in plain decimal only: "1e2", "0x10", " 5" or "" stay strings so @IsInt refuses
 * them, instead of Number() guessing what the client meant.
 */
export const DecimalInteger = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value));

/** Trims strings before validation; other types pass through so the type check still fails. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
