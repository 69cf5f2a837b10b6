import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  Argon2Config,
  DatabaseConfig,
  HttpConfig,
  LogConfig,
  AccessCacheConfig,
  MonitoringConfig,
  PlatformConfig,
  ProcessConfig,
  RateLimitConfig,
  RedisConfig,
  RuntimeConfig,
} from './platform-config';
import { ConfigError, variable, VariableValues } from './variables';

const { int, bool } = variable;

/** The variables the platform reads. */
export const PLATFORM_VARIABLES = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ROOT_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, 'expected a path such as /auth')
    .default('/auth'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://id.example.com' })
    .default('http://localhost:8000')
    .transform((url) => url.replace(/\/+$/, '')),
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
  ACCESS_CACHE_TTL_MS: int(0, 60000).default(10000),
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_REGISTER_PER_HOUR: int(1, 100000).default(20),
  RATE_LIMIT_SECRETS_CREATE_PER_MINUTE: int(1, 100000).default(240),
  RATE_LIMIT_SECRETS_REVEAL_PER_MINUTE: int(1, 100000).default(120),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\x21-\x7e]{1,64}$/, 'expected up to 64 printable characters without spaces')
    .default('kw:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLOW_REQUEST_MS: int(1, 3600000).default(5000),
  ARGON2_MEMORY_KIB: int(1024, 4194304).default(19456),
  ARGON2_PASSES: int(1, 100).default(2),
  ARGON2_PARALLELISM: int(1, 64).default(1),
  ARGON2_CONCURRENCY: int(1, 1024).optional(),
  ARGON2_QUEUE_LIMIT: int(0, 100000).default(64),
  // Read by libuv itself (at most 1024 threads); validated here against ARGON2_CONCURRENCY.
  UV_THREADPOOL_SIZE: int(1, 1024).optional(),
  BODY_LIMIT_BYTES: int(1024, 1073741824).default(1048576),
  DOCS_PUBLIC: bool.default(true),
  TRUST_PROXY: bool.default(false),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  SENTRY_DSN: z
    .string()
    .regex(/^https?:\/\/[^@/]+@[^/]+\/.+$/, 'expected a Sentry DSN such as https://key@sentry.example.com/1')
    .optional(),
  CORS_ORIGINS: z
    .string()
    .transform((value, context) => corsOrigins(value, context))
    .optional(),
  WORKERS: z
    .string()
    .regex(/^(auto|[1-9][0-9]{0,2})$/, 'expected auto or a whole number from 1 to 999')
    .default('1')
    .transform((value) => (value === 'auto' ? os.availableParallelism() : Number(value))),
  SHUTDOWN_TIMEOUT_MS: int(0, 600000).default(10000),
};

/** Comma-separated origins, each exactly as a browser sends it in `Origin` (scheme, host, port; no path). */
function corsOrigins(value: string, context: z.RefinementCtx): string[] {
  const origins = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  for (const origin of origins) {
    if (!isOrigin(origin)) {
      context.addIssue({
        code: 'custom',
        message: `"${origin.slice(0, 60)}" is not an origin such as https://app.example.com`,
      });
      return z.NEVER;
    }
  }
  return origins;
}

function isOrigin(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === candidate;
  } catch {
    return false;
  }
}

/** The names of the platform's slices in a loaded configuration; contexts' slices take other names. */
export const PLATFORM_SLICE_NAMES: readonly string[] = [
  'runtime',
  'http',
  'log',
  'database',
  'redis',
  'rateLimit',
  'argon2',
  'monitoring',
  'process',
  'accessCache',
] satisfies (keyof PlatformConfig)[];

export function platformConfig(values: VariableValues<typeof PLATFORM_VARIABLES>): PlatformConfig {
  if (Boolean(values.TLS_CERT_FILE) !== Boolean(values.TLS_KEY_FILE)) {
    throw new ConfigError('Invalid configuration: TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  if (values.WORKERS > 1 && values.DATABASE_URL === 'sqlite::memory:') {
    // Each process would have a database of its own: users created through one worker unknown to the others.
    throw new ConfigError(
      'Invalid configuration: WORKERS above 1 needs a database file or PostgreSQL, not sqlite::memory:',
    );
  }
  return {
    runtime: new RuntimeConfig({ env: values.NODE_ENV, dataDir: path.resolve(values.DATA_DIR) }),
    http: new HttpConfig({
      host: values.HOST,
      port: values.PORT,
      rootPath: values.ROOT_PATH === '/' ? '' : values.ROOT_PATH.replace(/\/$/, ''),
      publicUrl: values.PUBLIC_URL,
      bodyLimitBytes: values.BODY_LIMIT_BYTES,
      trustProxy: values.TRUST_PROXY,
      docsPublic: values.DOCS_PUBLIC,
      corsOrigins: values.CORS_ORIGINS ?? [],
      tls:
        values.TLS_CERT_FILE && values.TLS_KEY_FILE
          ? { certFile: values.TLS_CERT_FILE, keyFile: values.TLS_KEY_FILE }
          : null,
    }),
    log: new LogConfig({ level: values.LOG_LEVEL, slowRequestMs: values.SLOW_REQUEST_MS, format: values.LOG_FORMAT }),
    database: databaseConfig(values),
    redis: new RedisConfig({ url: values.REDIS_URL ?? null, commandTimeoutMs: values.REDIS_COMMAND_TIMEOUT_MS }),
    rateLimit: new RateLimitConfig({
      enabled: values.RATE_LIMIT_ENABLED,
      keyPrefix: values.REDIS_KEY_PREFIX,
      rules: {
        register: { limit: values.RATE_LIMIT_REGISTER_PER_HOUR, windowSeconds: 3600 },
        secretsCreate: { limit: values.RATE_LIMIT_SECRETS_CREATE_PER_MINUTE, windowSeconds: 60 },
        secretsReveal: { limit: values.RATE_LIMIT_SECRETS_REVEAL_PER_MINUTE, windowSeconds: 60 },
      },
    }),
    argon2: argon2Config(values),
    monitoring: new MonitoringConfig({
      metricsToken: values.METRICS_TOKEN ?? null,
      sentryDsn: values.SENTRY_DSN ?? null,
    }),
    process: new ProcessConfig({ workers: values.WORKERS, shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS }),
    accessCache: new AccessCacheConfig({ ttlMs: values.ACCESS_CACHE_TTL_MS, keyPrefix: values.REDIS_KEY_PREFIX }),
  };
}

/**
 * Hashes are CPU-bound: more at once than cores only lengthens each. They run on libuv's thread pool, which fs,
 * dns.lookup, zlib and async crypto share, so the pool keeps Node's 4 threads for those besides the hashes'.
 */
function argon2Config(values: VariableValues<typeof PLATFORM_VARIABLES>): Argon2Config {
  const concurrency = values.ARGON2_CONCURRENCY ?? os.availableParallelism();
  const threadPoolSize = values.UV_THREADPOOL_SIZE ?? Math.min(1024, concurrency + 4);
  if (threadPoolSize <= concurrency) {
    throw new ConfigError(
      `Invalid configuration: UV_THREADPOOL_SIZE (${threadPoolSize}) must be above ARGON2_CONCURRENCY ` +
        `(${concurrency}), or file, DNS and zlib work waits behind password hashes; leave UV_THREADPOOL_SIZE unset ` +
        'to get ARGON2_CONCURRENCY + 4',
    );
  }
  return new Argon2Config({
    memoryKib: values.ARGON2_MEMORY_KIB,
    passes: values.ARGON2_PASSES,
    parallelism: values.ARGON2_PARALLELISM,
    concurrency,
    queueLimit: values.ARGON2_QUEUE_LIMIT,
    threadPoolSize,
  });
}

function databaseConfig(values: VariableValues<typeof PLATFORM_VARIABLES>): DatabaseConfig {
  const url = values.DATABASE_URL ?? `sqlite:${path.join(values.DATA_DIR, 'keyward.sqlite')}`;
  const dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  return new DatabaseConfig({
    url,
    dialect,
    sqlitePath: dialect === 'sqlite' ? url.slice('sqlite:'.length) : '',
    poolSize: values.DB_POOL_SIZE,
    connectTimeoutMs: values.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: values.DB_IDLE_TIMEOUT_MS,
    statementTimeoutMs: values.DB_STATEMENT_TIMEOUT_MS,
    logQueries: values.DB_LOG_QUERIES,
    migrateOnStart: values.DB_MIGRATE_ON_START,
    applicationName: 'keyward',
  });
}
