import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { AppConfig, Environment } from './app-config';

/** A configuration problem, phrased as one line that names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const PLACEHOLDER_SECRETS =
  /^(change[-_ ]?me|changeit|secret|jwt[-_]?secret|your[-_].*|replace[-_]?me|placeholder|example|test|x+|0+)$/i;

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int()
    .min(min)
    .max(max);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ROOT_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, 'expected a path such as /auth')
    .default('/auth'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:<path> or postgres://user:pass@host:port/db')
    .optional(),
  DB_POOL_SIZE: int(1, 1000).default(10),
  DB_CONNECT_TIMEOUT_MS: int(1, 600000).default(10000),
  DB_IDLE_TIMEOUT_MS: int(1, 3600000).default(30000),
  DB_STATEMENT_TIMEOUT_MS: int(0, 3600000).default(30000),
  DB_LOG_QUERIES: bool.default(false),
  DB_MIGRATE_ON_START: bool.default(true),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'expected redis://host:port/db')
    .optional(),
  REDIS_COMMAND_TIMEOUT_MS: int(1, 600000).default(1000),
  JWT_SECRET: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default('keyward'),
  JWT_AUDIENCE: z.string().min(1).default('keyward'),
  ACCESS_TOKEN_TTL: int(10, 86400).default(900),
  SIGNFILE_TOKEN_TTL: int(10, 86400).default(1800),
  REFRESH_TOKEN_TTL: int(60, 31536000).default(2592000),
  SESSION_IDLE_TTL: int(60, 31536000).default(1209600),
  REGISTRATION: z.enum(['open', 'closed']).default('open'),
  BOOTSTRAP_ADMIN_EMAIL: z.string().email('expected an email address').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(1).optional(),
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_REGISTER_PER_HOUR: int(1, 100000).default(20),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: int(1, 100000).default(10),
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: int(1, 100000).default(50),
  RATE_LIMIT_LOGIN_FAILURE_WINDOW_SECONDS: int(1, 86400).default(900),
  RATE_LIMIT_SECRETS_CREATE_PER_MINUTE: int(1, 100000).default(240),
  RATE_LIMIT_SECRETS_REVEAL_PER_MINUTE: int(1, 100000).default(120),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\x21-\x7e]{1,64}$/, 'expected up to 64 printable characters without spaces')
    .default('kw:'),
  SECRETS_MAX_BYTES: int(1, 16777216).default(65536),
  SECRETS_ANONYMOUS: bool.default(true),
  SECRETS_PURGE_INTERVAL_SECONDS: int(1, 86400).default(60),
  SECRETS_RECEIPT_RETENTION_DAYS: int(0, 3650).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLOW_REQUEST_MS: int(1, 3600000).default(5000),
  ARGON2_MEMORY_KIB: int(1024, 4194304).default(19456),
  ARGON2_PASSES: int(1, 100).default(2),
  ARGON2_PARALLELISM: int(1, 64).default(1),
  BODY_LIMIT_BYTES: int(1024, 1073741824).default(1048576),
  DOCS_PUBLIC: bool.default(true),
  TRUST_PROXY: bool.default(false),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
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
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(0x)?([0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$/i,
            'expected comma-separated key ids (8 or 16 hex digits) or fingerprints',
          ),
      ),
    )
    .optional(),
  SIGNING_PASSPHRASE: z.string().optional(),
  SIGNING_PASSPHRASES_FILE: z.string().min(1).optional(),
  SIGNING_MAX_UPLOAD_BYTES: int(1, Number.MAX_SAFE_INTEGER).default(100000000),
  SIGNING_TMP_DIR: z.string().min(1).optional(),
  SIGNING_AGENTS: int(1, 64).optional(),
  SIGNING_CONCURRENCY_PER_AGENT: int(1, 64).default(2),
  SIGNING_TIMEOUT_MS: int(100, 3600000).default(60000),
  SIGNING_BATCH_MAX_FILES: int(1, 1000).default(100),
});

type RawConfig = z.infer<typeof schema>;

/** Every variable the service reads (the README's configuration table documents each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

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

export function loadConfig(variables: Record<string, string> = readEnvironment()): AppConfig {
  const result = schema.safeParse(variables);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0]);
    // Values of secrets, passphrases and URLs (which may hold passwords) are never echoed.
    const echo = variables[name] !== undefined && !/SECRET|PASSWORD|PASSPHRASE|URL/.test(name);
    const got = echo ? ` (got "${truncate(variables[name])}")` : '';
    throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}${got}`);
  }
  return build(result.data);
}

function build(raw: RawConfig): AppConfig {
  const env: Environment = raw.NODE_ENV;
  const dataDir = path.resolve(raw.DATA_DIR);
  const url = raw.DATABASE_URL ?? `sqlite:${path.join(raw.DATA_DIR, 'keyward.sqlite')}`;
  const dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  if (Boolean(raw.TLS_CERT_FILE) !== Boolean(raw.TLS_KEY_FILE)) {
    throw new ConfigError('Invalid configuration: TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  if (Boolean(raw.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(raw.BOOTSTRAP_ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration: BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together',
    );
  }
  const rootPath = raw.ROOT_PATH === '/' ? '' : raw.ROOT_PATH.replace(/\/$/, '');
  return new AppConfig(
    env,
    raw.HOST,
    raw.PORT,
    rootPath,
    dataDir,
    {
      url,
      dialect,
      sqlitePath: dialect === 'sqlite' ? url.slice('sqlite:'.length) : '',
      poolSize: raw.DB_POOL_SIZE,
      connectTimeoutMs: raw.DB_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: raw.DB_IDLE_TIMEOUT_MS,
      statementTimeoutMs: raw.DB_STATEMENT_TIMEOUT_MS,
      logQueries: raw.DB_LOG_QUERIES,
      migrateOnStart: raw.DB_MIGRATE_ON_START,
      applicationName: 'keyward',
    },
    raw.REDIS_URL ?? null,
    raw.REDIS_COMMAND_TIMEOUT_MS,
    {
      secret: resolveJwtSecret(raw.JWT_SECRET, env, dataDir),
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
      accessTokenTtl: raw.ACCESS_TOKEN_TTL,
      signFileTokenTtl: raw.SIGNFILE_TOKEN_TTL,
    },
    { refreshTokenTtl: raw.REFRESH_TOKEN_TTL, idleTtl: raw.SESSION_IDLE_TTL },
    raw.REGISTRATION,
    raw.BOOTSTRAP_ADMIN_EMAIL && raw.BOOTSTRAP_ADMIN_PASSWORD
      ? { email: raw.BOOTSTRAP_ADMIN_EMAIL, password: raw.BOOTSTRAP_ADMIN_PASSWORD }
      : null,
    {
      enabled: raw.RATE_LIMIT_ENABLED,
      keyPrefix: raw.REDIS_KEY_PREFIX,
      rules: {
        register: { limit: raw.RATE_LIMIT_REGISTER_PER_HOUR, windowSeconds: 3600 },
        secretsCreate: { limit: raw.RATE_LIMIT_SECRETS_CREATE_PER_MINUTE, windowSeconds: 60 },
        secretsReveal: { limit: raw.RATE_LIMIT_SECRETS_REVEAL_PER_MINUTE, windowSeconds: 60 },
      },
      loginFailures: {
        perAccount: raw.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
        perIp: raw.RATE_LIMIT_LOGIN_FAILURES_PER_IP,
        windowSeconds: raw.RATE_LIMIT_LOGIN_FAILURE_WINDOW_SECONDS,
      },
    },
    { level: raw.LOG_LEVEL, slowRequestMs: raw.SLOW_REQUEST_MS },
    { memoryKib: raw.ARGON2_MEMORY_KIB, passes: raw.ARGON2_PASSES, parallelism: raw.ARGON2_PARALLELISM },
    { bodyLimitBytes: raw.BODY_LIMIT_BYTES, docsPublic: raw.DOCS_PUBLIC, trustProxy: raw.TRUST_PROXY },
    raw.TLS_CERT_FILE && raw.TLS_KEY_FILE ? { certFile: raw.TLS_CERT_FILE, keyFile: raw.TLS_KEY_FILE } : null,
    {
      maxBytes: raw.SECRETS_MAX_BYTES,
      anonymous: raw.SECRETS_ANONYMOUS,
      purgeIntervalSeconds: raw.SECRETS_PURGE_INTERVAL_SECONDS,
      receiptRetentionDays: raw.SECRETS_RECEIPT_RETENTION_DAYS,
    },
    {
      gpgBinary: raw.GPG_BINARY,
      gnupgHome: path.resolve(raw.GNUPGHOME ?? path.join(os.homedir(), '.gnupg')),
      keyIds: raw.SIGNING_KEY_IDS ?? [],
      passphrase: raw.SIGNING_PASSPHRASE ?? null,
      passphrasesFile: raw.SIGNING_PASSPHRASES_FILE ? path.resolve(raw.SIGNING_PASSPHRASES_FILE) : null,
      maxUploadBytes: raw.SIGNING_MAX_UPLOAD_BYTES,
      tmpDir: path.resolve(raw.SIGNING_TMP_DIR ?? os.tmpdir()),
      agents: raw.SIGNING_AGENTS ?? Math.min(64, os.availableParallelism()),
      concurrencyPerAgent: raw.SIGNING_CONCURRENCY_PER_AGENT,
      timeoutMs: raw.SIGNING_TIMEOUT_MS,
      batchMaxFiles: raw.SIGNING_BATCH_MAX_FILES,
    },
  );
}

function resolveJwtSecret(secret: string | undefined, env: Environment, dataDir: string): string {
  if (secret !== undefined) {
    if (PLACEHOLDER_SECRETS.test(secret)) {
      throw new ConfigError(
        'Invalid configuration: JWT_SECRET is a placeholder; set a random value of 32 or more bytes',
      );
    }
    if (Buffer.byteLength(secret) < 32) {
      throw new ConfigError('Invalid configuration: JWT_SECRET must be at least 32 bytes long');
    }
    return secret;
  }
  if (env === 'production') {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required in production (32 or more random bytes)');
  }
  // Development convenience: one generated key, kept so that tokens survive a restart.
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const generated = randomBytes(48).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return generated;
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
