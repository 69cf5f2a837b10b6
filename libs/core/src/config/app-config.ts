export type Environment = 'development' | 'production' | 'test';

export interface DatabaseConfig {
  url: string;
  dialect: 'sqlite' | 'postgres';
  /** Path of the SQLite file (or `:memory:`); only for the sqlite dialect. */
  sqlitePath: string;
  poolSize: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
  logQueries: boolean;
  migrateOnStart: boolean;
  applicationName: string;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** The routes limited per client IP (`@RateLimit(name)`). */
export type RouteLimitName = 'register' | 'secretsCreate' | 'secretsReveal';

export interface RateLimitConfig {
  enabled: boolean;
  /** Prefix of the counters' keys in Redis (REDIS_KEY_PREFIX), so that deployments sharing a database keep apart. */
  keyPrefix: string;
  /** Plain per-client-IP limits of single routes. */
  rules: Record<RouteLimitName, RateLimitRule>;
  /** Failed logins (also /token): per client IP and email, and per client IP across emails. */
  loginFailures: { perAccount: number; perIp: number; windowSeconds: number };
}

export interface SecretsConfig {
  /** Largest secret, in UTF-8 bytes. */
  maxBytes: number;
  /** Whether unauthenticated clients may create secrets. */
  anonymous: boolean;
  purgeIntervalSeconds: number;
  /** How long receipts are kept after their secret expired. */
  receiptRetentionDays: number;
}

/** gpg signing; `keyIds` empty means signing is disabled. */
export interface SigningConfig {
  gpgBinary: string;
  gnupgHome: string;
  /** Key references (short or long key ids, fingerprints) from SIGNING_KEY_IDS. */
  keyIds: string[];
  /** Development only: one passphrase for every key. Never log it. */
  passphrase: string | null;
  passphrasesFile: string | null;
  maxUploadBytes: number;
  tmpDir: string;
  /** How many private copies of GNUPGHOME, each with its own gpg-agent. */
  agents: number;
  concurrencyPerAgent: number;
  timeoutMs: number;
  /** Most files in one /sign-batch request (multipart allows 1000 parts). */
  batchMaxFiles: number;
}

export interface Argon2Config {
  memoryKib: number;
  passes: number;
  parallelism: number;
}

/** The validated, typed configuration. Injected everywhere; nothing else reads process.env. */
export class AppConfig {
  constructor(
    readonly env: Environment,
    readonly host: string,
    readonly port: number,
    readonly rootPath: string,
    readonly dataDir: string,
    readonly database: DatabaseConfig,
    readonly redisUrl: string | null,
    /** Longest wait for one Redis command before the request answers 503. */
    readonly redisCommandTimeoutMs: number,
    readonly jwt: {
      secret: string;
      issuer: string;
      audience: string;
      accessTokenTtl: number;
      /** Lifetime of `/token` access tokens (the sign-file service's were valid 30 minutes). */
      signFileTokenTtl: number;
    },
    readonly sessions: { refreshTokenTtl: number; idleTtl: number },
    readonly registration: 'open' | 'closed',
    readonly bootstrapAdmin: { email: string; password: string } | null,
    readonly rateLimit: RateLimitConfig,
    readonly log: { level: string; slowRequestMs: number },
    readonly argon2: Argon2Config,
    readonly http: { bodyLimitBytes: number; docsPublic: boolean; trustProxy: boolean },
    readonly tls: { certFile: string; keyFile: string } | null,
    readonly secrets: SecretsConfig,
    readonly signing: SigningConfig,
  ) {}
}
