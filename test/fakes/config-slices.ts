import { ConfigSlice, loadConfig } from '@keyward/core';

/** A test run, with a JWT secret so that reading identity's slice generates none. */
const TEST_VARIABLES = { NODE_ENV: 'test', JWT_SECRET: 'unit-test-secret-that-is-long-enough-32' };

/**
 * A context's slice as the service reads it from these variables (the shipped defaults otherwise), with the fields
 * a test cares about set directly: `sliceOf(SigningConfig, { maxUploadBytes: 64 })`.
 */
export function sliceOf<T extends object>(
  slice: ConfigSlice<T> & (new (fields: T) => T),
  fields: Partial<T> = {},
  variables: Record<string, string> = {},
): T {
  const { read } = loadConfig({ ...TEST_VARIABLES, ...variables }, { read: slice });
  return new slice({ ...read, ...fields });
}
