import { z } from 'zod';

/**
 * PUBLIC_URL, read by two of identity's slices (passkeys' origin in IdentityConfig, mailed links in
 * AccountMailConfig) through this one schema, so both always agree on what it accepts and how it reads.
 */
export const publicUrlVariable = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://id.example.com' })
  .default('http://localhost:8000')
  .transform((url) => url.replace(/\/+$/, ''));
