import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, PlatformConfig, variable, VariableValues } from '@keyward/core';

const { int, bool } = variable;

const KEY_ID = /^(0x)?([0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$/i;

/** gpg signing's settings; `keyIds` empty means signing is disabled. */
export class SigningConfig {
  static readonly variables = {
    GPG_BINARY: z.string().min(1).default('gpg'),
    GNUPGHOME: z.string().min(1).optional(),
    SIGNING_KEY_IDS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(KEY_ID, 'expected comma-separated key ids (8 or 16 hex digits) or fingerprints')))
      .optional(),
    SIGNING_PASSPHRASE: z.string().optional(),
    SIGNING_PASSPHRASES_FILE: z.string().min(1).optional(),
    SIGNING_MAX_UPLOAD_BYTES: int(1, Number.MAX_SAFE_INTEGER).default(100000000),
    SIGNING_TMP_DIR: z.string().min(1).optional(),
    SIGNING_AGENTS: int(1, 64).optional(),
    SIGNING_CONCURRENCY_PER_AGENT: int(1, 64).default(2),
    SIGNING_TIMEOUT_MS: int(100, 3600000).default(60000),
    SIGNING_BATCH_MAX_FILES: int(1, 1000).default(100),
    SIGNING_FAST_UNPROTECT: bool.default(true),
    XDG_RUNTIME_DIR: z.string().min(1).optional(),
  };

  static fromVariables(values: VariableValues<typeof SigningConfig.variables>, platform: PlatformConfig) {
    const fromTerminal = !values.SIGNING_PASSPHRASE && !values.SIGNING_PASSPHRASES_FILE;
    if (platform.process.workers > 1 && (values.SIGNING_KEY_IDS ?? []).length > 0 && fromTerminal) {
      // Every worker proves the passphrases at its start, and a worker restarted later has no terminal to ask.
      throw new ConfigError(
        'Invalid configuration: WORKERS above 1 cannot ask signing passphrases on the terminal; set SIGNING_PASSPHRASES_FILE',
      );
    }
    return new SigningConfig({
      gpgBinary: values.GPG_BINARY,
      gnupgHome: path.resolve(values.GNUPGHOME ?? path.join(os.homedir(), '.gnupg')),
      keyIds: values.SIGNING_KEY_IDS ?? [],
      passphrase: values.SIGNING_PASSPHRASE ?? null,
      passphrasesFile: values.SIGNING_PASSPHRASES_FILE ? path.resolve(values.SIGNING_PASSPHRASES_FILE) : null,
      maxUploadBytes: values.SIGNING_MAX_UPLOAD_BYTES,
      tmpDir: path.resolve(values.SIGNING_TMP_DIR ?? os.tmpdir()),
      agents: values.SIGNING_AGENTS ?? Math.min(64, os.availableParallelism()),
      concurrencyPerAgent: values.SIGNING_CONCURRENCY_PER_AGENT,
      timeoutMs: values.SIGNING_TIMEOUT_MS,
      batchMaxFiles: values.SIGNING_BATCH_MAX_FILES,
      fastUnprotect: values.SIGNING_FAST_UNPROTECT,
      runtimeDir: values.XDG_RUNTIME_DIR ? path.resolve(values.XDG_RUNTIME_DIR) : null,
      dataDir: platform.runtime.dataDir,
      production: platform.runtime.env === 'production',
    });
  }

  declare readonly gpgBinary: string;
  declare readonly gnupgHome: string;
  /** Key references (short or long key ids, fingerprints) from SIGNING_KEY_IDS. */
  declare readonly keyIds: string[];
  /** Development only: one passphrase for every key. Never log it. */
  declare readonly passphrase: string | null;
  declare readonly passphrasesFile: string | null;
  declare readonly maxUploadBytes: number;
  declare readonly tmpDir: string;
  /** How many private copies of GNUPGHOME, each with its own gpg-agent. */
  declare readonly agents: number;
  declare readonly concurrencyPerAgent: number;
  declare readonly timeoutMs: number;
  /** Most files in one /sign-batch request (multipart allows 1000 parts). */
  declare readonly batchMaxFiles: number;
  /** Re-protect the agent copies' keys with the smallest S2K count (SIGNING_FAST_UNPROTECT). */
  declare readonly fastUnprotect: boolean;
  /** XDG_RUNTIME_DIR, the first choice for the folder of the agent copies. */
  declare readonly runtimeDir: string | null;
  /** The platform's DATA_DIR, which names the folder of the agents' copies of GNUPGHOME. */
  declare readonly dataDir: string;
  /** NODE_ENV=production, where SIGNING_PASSPHRASE earns a warning. */
  declare readonly production: boolean;

  constructor(fields: SigningConfig) {
    Object.assign(this, fields);
  }
}
