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

/** A full ISO 8601 date-time with a time zone (without one, the instant would depend on the server) and a four-digit year. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Turns an ISO 8601 date-time into a Date; anything else (numbers, "2030", "March 7, 2030", 2030-02-30,
 * years past 9999) stays as it is, so @IsDate rejects it instead of Date guessing.
 */
export const IsoDateTime = () =>
  Transform(({ value }) => {
    const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
    if (!match) return value;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const calendarDay = new Date(Date.UTC(year, month - 1, day));
    if (calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day) return value;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  });
