// The platform's slices of the configuration. Each class is the DI token of its slice, and its constructor takes
// every field, so that a test builds one as plainly as the loader does.

export type Environment = 'development' | 'production' | 'test';

/** What kind of run this is and where it keeps its files (NODE_ENV, DATA_DIR). */
export class RuntimeConfig {
  declare readonly env: Environment;
  /** Absolute path of DATA_DIR. */
  declare readonly dataDir: string;

  constructor(fields: RuntimeConfig) {
    Object.assign(this, fields);
  }
}

/** The HTTP server: address, route prefix, body limit, proxy trust, documentation and TLS. */
export class HttpConfig {
  declare readonly host: string;
  declare readonly port: number;
  /** Prefix of every route, without a trailing slash ('' for the root). */
  declare readonly rootPath: string;
  /**
   * PUBLIC_URL without a trailing slash: the external base URL clients reach the service at (links in mails,
   * the origin of passkey ceremonies), which behind a proxy differs from host and port.
   */
  declare readonly publicUrl: string;
  declare readonly bodyLimitBytes: number;
  declare readonly trustProxy: boolean;
  declare readonly docsPublic: boolean;
  /** Origins browsers may call the API from (CORS_ORIGINS); empty: no CORS headers at all. */
  declare readonly corsOrigins: readonly string[];
  declare readonly tls: { certFile: string; keyFile: string } | null;

  constructor(fields: HttpConfig) {
    Object.assign(this, fields);
  }
}

export class LogConfig {
  declare readonly level: string;
  declare readonly slowRequestMs: number;
  /** `auto`: human-readable outside production on a terminal, JSON otherwise. */
  declare readonly format: 'auto' | 'json' | 'pretty';

  constructor(fields: LogConfig) {
    Object.assign(this, fields);
  }
}

export class DatabaseConfig {
  declare readonly url: string;
  declare readonly dialect: 'sqlite' | 'postgres';
  /** Path of the SQLite file (or `:memory:`); only for the sqlite dialect. */
  declare readonly sqlitePath: string;
  declare readonly poolSize: number;
  declare readonly connectTimeoutMs: number;
  declare readonly idleTimeoutMs: number;
  declare readonly statementTimeoutMs: number;
  declare readonly logQueries: boolean;
  declare readonly migrateOnStart: boolean;
  declare readonly applicationName: string;

  constructor(fields: DatabaseConfig) {
    Object.assign(this, fields);
  }
}

export class RedisConfig {
  /** null: no Redis; sessions and counters stay in the database and in this process. */
  declare readonly url: string | null;
  /** Longest wait for one Redis command before the request answers 503. */
  declare readonly commandTimeoutMs: number;

  constructor(fields: RedisConfig) {
    Object.assign(this, fields);
  }
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** The routes limited per client IP (`@RateLimit(name)`). */
export type RouteLimitName = 'register' | 'secretsCreate' | 'secretsReveal';

/** Per-route limits, applied by the platform's guard before any handler runs. */
export class RateLimitConfig {
  declare readonly enabled: boolean;
  /** Prefix of the counters' keys in Redis (REDIS_KEY_PREFIX), so that deployments sharing a database keep apart. */
  declare readonly keyPrefix: string;
  /** Plain per-client-IP limits of single routes. */
  declare readonly rules: Record<RouteLimitName, RateLimitRule>;

  constructor(fields: RateLimitConfig) {
    Object.assign(this, fields);
  }
}

/** The Argon2id cost, one for every derivation (password hashes, secrets' keys), so that they stay alike. */
export class Argon2Config {
  declare readonly memoryKib: number;
  declare readonly passes: number;
  declare readonly parallelism: number;
  /** Argon2 computations running at once in this process (ARGON2_CONCURRENCY; default: the CPUs). */
  declare readonly concurrency: number;
  /** Computations waiting for one of those slots; one more is refused with 503 (ARGON2_QUEUE_LIMIT). */
  declare readonly queueLimit: number;
  /** libuv's thread pool (UV_THREADPOOL_SIZE, set by the API's entry point when unset); above `concurrency`. */
  declare readonly threadPoolSize: number;

  constructor(fields: Argon2Config) {
    Object.assign(this, fields);
  }
}

/** What operators watch the service with: Prometheus scrapes and Sentry reports. */
export class MonitoringConfig {
  /** Bearer token that may read the metrics without an account (METRICS_TOKEN); null: only `metrics:read`. */
  declare readonly metricsToken: string | null;
  /** Where unexpected errors are reported (SENTRY_DSN); null: Sentry is not even initialised. */
  declare readonly sentryDsn: string | null;

  constructor(fields: MonitoringConfig) {
    Object.assign(this, fields);
  }
}

/** How the API runs as processes (WORKERS, SHUTDOWN_TIMEOUT_MS); read by apps/api's main only. */
export class ProcessConfig {
  /** API processes sharing the port; 1 runs no cluster primary. */
  declare readonly workers: number;
  /** Longest wait for in-flight requests at shutdown before their connections are closed. */
  declare readonly shutdownTimeoutMs: number;

  constructor(fields: ProcessConfig) {
    Object.assign(this, fields);
  }
}

/** The in-process cache of what each request needs to know about its caller (ACCESS_CACHE_TTL_MS). */
export class AccessCacheConfig {
  /** Longest life of an entry, even when no change is signalled; 0 turns the cache off. */
  declare readonly ttlMs: number;
  /** Prefix of the change counter's key in Redis (REDIS_KEY_PREFIX), shared by the processes of one deployment. */
  declare readonly keyPrefix: string;

  constructor(fields: AccessCacheConfig) {
    Object.assign(this, fields);
  }
}

/** The platform's slices, read by core's modules and the apps; contexts take what they share into their own. */
export type PlatformConfig = {
  readonly runtime: RuntimeConfig;
  readonly http: HttpConfig;
  readonly log: LogConfig;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly rateLimit: RateLimitConfig;
  readonly argon2: Argon2Config;
  readonly monitoring: MonitoringConfig;
  readonly process: ProcessConfig;
  readonly accessCache: AccessCacheConfig;
};
