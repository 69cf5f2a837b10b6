import { z } from 'zod';

/** A configuration problem, phrased as one line that names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Environment variables by name, each with its validation and default. */
export type ConfigVariables = Record<string, z.ZodType>;

/** The validated values of some variables. */
export type VariableValues<V extends ConfigVariables> = z.output<z.ZodObject<V>>;

/** The kinds of variable every slice uses, with the same messages everywhere. */
export const variable = {
  int: (min: number, max: number) =>
    z.coerce
      .number({ error: `expected a whole number from ${min} to ${max}` })
      .int()
      .min(min)
      .max(max),
  bool: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
};
