import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RuntimeConfig } from './platform-config';
import { ConfigError } from './variables';

const PLACEHOLDER_SECRETS =
  /^(change[-_ ]?me|changeit|secret|jwt[-_]?secret|your[-_].*|replace[-_]?me|placeholder|example|test|x+|0+)$/i;

/**
 * The value of a secret key variable: 32 bytes or more, and never a placeholder. Production refuses to start
 * without one; elsewhere a key is generated into `DATA_DIR/<file>` and kept, so that what it signed survives
 * a restart.
 */
export function secretKeyVariable(
  name: string,
  value: string | undefined,
  runtime: RuntimeConfig,
  file: string,
): string {
  if (value !== undefined) {
    if (PLACEHOLDER_SECRETS.test(value)) {
      throw new ConfigError(`Invalid configuration: ${name} is a placeholder; set a random value of 32 or more bytes`);
    }
    if (Buffer.byteLength(value) < 32) {
      throw new ConfigError(`Invalid configuration: ${name} must be at least 32 bytes long`);
    }
    return value;
  }
  if (runtime.env === 'production') {
    throw new ConfigError(`Invalid configuration: ${name} is required in production (32 or more random bytes)`);
  }
  return generatedKey(path.join(runtime.dataDir, file));
}

function generatedKey(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const generated = randomBytes(48).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return generated;
}
