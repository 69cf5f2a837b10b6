import { Transform } from 'class-transformer';

/** Trims strings before validation; other types pass through so the type check still fails. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
