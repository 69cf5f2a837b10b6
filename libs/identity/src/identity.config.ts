import { z } from 'zod';
import { TokenAlgorithm } from './domain/token-keys';
import { Argon2Config, ConfigError, PlatformConfig, secretKeyVariable, variable, VariableValues } from '@keyward/core';

const { int } = variable;

/** Failed logins (also /token) allowed per client IP and email, and per client IP across emails, in one window. */
export interface LoginFailureLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

/** Identity's settings: tokens, sessions, registration, the bootstrap admin, password hashing and login limits. */
export class IdentityConfig {
  static readonly variables = {
    JWT_SECRET: z.string().optional(),
    JWT_ISSUER: z.string().min(1).default('keyward'),
    JWT_AUDIENCE: z.string().min(1).default('keyward'),
    JWT_ALGORITHM: z.enum(['ES256', 'RS256', 'HS256']).default('ES256'),
    KEYS_ENCRYPTION_KEY: z.string().optional(),
    KEYS_REFRESH_SECONDS: int(1, 3600).default(60),
    ACCESS_TOKEN_TTL: int(10, 86400).default(900),
    SIGNFILE_TOKEN_TTL: int(10, 86400).default(1800),
    REFRESH_TOKEN_TTL: int(60, 31536000).default(2592000),
    SESSION_IDLE_TTL: int(60, 31536000).default(1209600),
    REGISTRATION: z.enum(['open', 'closed']).default('open'),
    BOOTSTRAP_ADMIN_EMAIL: z.string().email('expected an email address').optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(1).optional(),
    RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: int(1, 100000).default(10),
    RATE_LIMIT_LOGIN_FAILURES_PER_IP: int(1, 100000).default(50),
    RATE_LIMIT_LOGIN_FAILURE_WINDOW_SECONDS: int(1, 86400).default(900),
  };

  static fromVariables(values: VariableValues<typeof IdentityConfig.variables>, platform: PlatformConfig) {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = values;
    if (Boolean(email) !== Boolean(password)) {
      throw new ConfigError(
        'Invalid configuration: BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together',
      );
    }
    const jwtSecret = secretKeyVariable('JWT_SECRET', values.JWT_SECRET, platform.runtime, 'jwt-secret');
    const keysKey = values.KEYS_ENCRYPTION_KEY;
    if (keysKey !== undefined && Buffer.byteLength(keysKey) < 32) {
      throw new ConfigError('Invalid configuration: KEYS_ENCRYPTION_KEY must be at least 32 bytes long');
    }
    return new IdentityConfig({
      jwt: {
        secret: jwtSecret,
        algorithm: values.JWT_ALGORITHM,
        issuer: values.JWT_ISSUER,
        audience: values.JWT_AUDIENCE,
        accessTokenTtl: values.ACCESS_TOKEN_TTL,
        signFileTokenTtl: values.SIGNFILE_TOKEN_TTL,
      },
      tokenKeys: {
        encryptionSecret: keysKey ?? jwtSecret,
        refreshSeconds: values.KEYS_REFRESH_SECONDS,
        loadOnStart: true,
      },
      sessions: { refreshTokenTtl: values.REFRESH_TOKEN_TTL, idleTtl: values.SESSION_IDLE_TTL },
      registration: values.REGISTRATION,
      bootstrapAdmin: email && password ? { email, password } : null,
      argon2: platform.argon2,
      loginFailures: platform.rateLimit.enabled
        ? {
            perAccount: values.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
            perIp: values.RATE_LIMIT_LOGIN_FAILURES_PER_IP,
            windowSeconds: values.RATE_LIMIT_LOGIN_FAILURE_WINDOW_SECONDS,
          }
        : null,
    });
  }

  declare readonly jwt: {
    /** HS256: the signing key; ES256/RS256: what the key-encryption key derives from unless KEYS_ENCRYPTION_KEY is set. */
    secret: string;
    algorithm: TokenAlgorithm;
    issuer: string;
    audience: string;
    accessTokenTtl: number;
    /** Lifetime of `/token` access tokens (the sign-file service's were valid 30 minutes). */
    signFileTokenTtl: number;
  };
  /** ES256/RS256 keys in the database: how they are sealed and reloaded. */
  declare readonly tokenKeys: {
    /** KEYS_ENCRYPTION_KEY, else JWT_SECRET: the AES-256-GCM key that seals private keys is derived from it. */
    encryptionSecret: string;
    /** How often each process reloads the keys (a rotation by another process shows up within this). */
    refreshSeconds: number;
    /** Create (if none) and load the keys at start; off for CLI commands that must not touch the schema. */
    loadOnStart: boolean;
  };
  declare readonly sessions: { refreshTokenTtl: number; idleTtl: number };
  declare readonly registration: 'open' | 'closed';
  /** Created at start when no admin exists. */
  declare readonly bootstrapAdmin: { email: string; password: string } | null;
  /** The platform's Argon2id cost (ARGON2_*). */
  declare readonly argon2: Argon2Config;
  /** null when rate limiting is off (RATE_LIMIT_ENABLED=false). */
  declare readonly loginFailures: LoginFailureLimits | null;

  constructor(fields: IdentityConfig) {
    Object.assign(this, fields);
  }
}
