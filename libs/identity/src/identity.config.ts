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

/** The relying party passkeys are registered with (WEBAUTHN_RP_ID, WEBAUTHN_RP_NAME) and PUBLIC_URL's origin. */
export interface WebAuthnSettings {
  rpId: string;
  rpName: string;
  origin: string;
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
    MFA_REQUIRED_ROLES: z.string().default(''),
    RATE_LIMIT_MFA_FAILURES_PER_ACCOUNT: int(1, 100000).default(5),
    RATE_LIMIT_MFA_FAILURE_WINDOW_SECONDS: int(1, 86400).default(300),
    WEBAUTHN_RP_ID: z.string().min(1).optional(),
    WEBAUTHN_RP_NAME: z.string().min(1).default('Keyward'),
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
      mfa: {
        requiredRoles: values.MFA_REQUIRED_ROLES.split(',')
          .map((role) => role.trim())
          .filter(Boolean),
        failures: platform.rateLimit.enabled
          ? {
              perAccount: values.RATE_LIMIT_MFA_FAILURES_PER_ACCOUNT,
              windowSeconds: values.RATE_LIMIT_MFA_FAILURE_WINDOW_SECONDS,
            }
          : null,
      },
      publicUrl: platform.http.publicUrl,
      webauthn: {
        rpId: values.WEBAUTHN_RP_ID ?? new URL(platform.http.publicUrl).hostname,
        rpName: values.WEBAUTHN_RP_NAME,
        origin: new URL(platform.http.publicUrl).origin,
      },
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
  /**
   * `requiredRoles` (MFA_REQUIRED_ROLES): members must enrol a second factor before anything else. `failures`:
   * wrong second factors (and passwords on the MFA routes) allowed per account in a window; null when rate
   * limiting is off.
   */
  declare readonly mfa: {
    requiredRoles: string[];
    failures: { perAccount: number; windowSeconds: number } | null;
  };
  /** PUBLIC_URL without a trailing slash: the service's external base URL (links, WebAuthn's origin). */
  declare readonly publicUrl: string;
  /** The WebAuthn relying party: browsers bind passkeys to rpId and sign the page's origin, checked against `origin`. */
  declare readonly webauthn: WebAuthnSettings;

  constructor(fields: IdentityConfig) {
    Object.assign(this, fields);
  }
}
