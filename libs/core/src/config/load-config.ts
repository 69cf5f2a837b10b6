import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { ConfigSlices, Configuration } from './config-slice';
import { PLATFORM_SLICE_NAMES, PLATFORM_VARIABLES, platformConfig } from './platform-variables';
import { ConfigError, ConfigVariables } from './variables';

/** Reads `.env` from the working directory; variables already in the environment win. */
export function readEnvironment(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const file = path.join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  const merged: Record<string, string> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  // An empty variable means "not set", as operators expect from `FOO= command`.
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];
  return merged;
}

/** Every variable read by the platform and by these contexts' slices (the README's configuration table documents each). */
export function configVariables(slices: ConfigSlices): string[] {
  return [
    ...Object.keys(PLATFORM_VARIABLES),
    ...Object.values(slices).flatMap((slice) => Object.keys(slice.variables)),
  ];
}

/**
 * Validates the platform's variables and every given context slice's, then builds the slices: the platform's
 * first, then each context's in the order given. The first problem stops the load with a ConfigError, before any
 * slice is built and before anything connects.
 */
export function loadConfig<S extends ConfigSlices = Record<never, never>>(
  variables: Record<string, string> = readEnvironment(),
  slices: S = {} as S,
): Configuration<S> {
  assertOneOwnerPerVariable(slices);
  const platformValues = validate(PLATFORM_VARIABLES, variables);
  const sliceValues = Object.entries(slices).map(([name, slice]) => ({
    name,
    slice,
    values: validate(slice.variables, variables),
  }));
  const platform = platformConfig(platformValues);
  const contexts = sliceValues.map(({ name, slice, values }) => [name, slice.fromVariables(values, platform)]);
  return { ...platform, ...Object.fromEntries(contexts) } as Configuration<S>;
}

function validate<V extends ConfigVariables>(schema: V, variables: Record<string, string>) {
  const result = z.object(schema).safeParse(variables);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0]);
  // Values of secrets, passphrases, tokens and URLs or DSNs (which may hold passwords or keys) are never echoed.
  const echo = variables[name] !== undefined && !/SECRET|PASSWORD|PASSPHRASE|TOKEN|URL|DSN/.test(name);
  const got = echo ? ` (got "${truncate(variables[name])}")` : '';
  throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}${got}`);
}

/** Each variable has one owner, so that its validation and default are stated once; slice names are distinct too. */
function assertOneOwnerPerVariable(slices: ConfigSlices): void {
  const owners = new Map<string, string>(Object.keys(PLATFORM_VARIABLES).map((variable) => [variable, 'the platform']));
  for (const [name, slice] of Object.entries(slices)) {
    if (PLATFORM_SLICE_NAMES.includes(name)) throw new Error(`"${name}" is the name of a platform slice`);
    for (const variable of Object.keys(slice.variables)) {
      const owner = owners.get(variable);
      if (owner) throw new Error(`${variable} is read by ${owner} and by the ${name} slice; give it one owner`);
      owners.set(variable, `the ${name} slice`);
    }
  }
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
