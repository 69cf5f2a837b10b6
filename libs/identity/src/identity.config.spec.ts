import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@keyward/core';
import { IdentityConfig } from './identity.config';

describe('IdentityConfig', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'keyward-config-'));
  const secret = 'a-very-long-and-random-jwt-secret-value-123';
  const load = (variables: Record<string, string>) => loadConfig(variables, { identity: IdentityConfig }).identity;

  it('applies the documented defaults', () => {
    const config = load({ DATA_DIR: dataDir(), JWT_SECRET: secret });
    expect(config).toBeInstanceOf(IdentityConfig);
    expect(config.registration).toBe('open');
    expect(config.jwt).toEqual({
      secret,
      algorithm: 'ES256',
      issuer: 'keyward',
      audience: 'keyward',
      accessTokenTtl: 900,
      signFileTokenTtl: 1800,
    });
    expect(config.tokenKeys).toEqual({ encryptionSecret: secret, refreshSeconds: 60, loadOnStart: true });
    expect(config.sessions).toEqual({ refreshTokenTtl: 2592000, idleTtl: 1209600 });
    expect(config.bootstrapAdmin).toBeNull();
    expect(config.loginFailures).toEqual({ perAccount: 10, perIp: 50, windowSeconds: 900 });
    expect(config.argon2).toMatchObject({ memoryKib: 19456, passes: 2, parallelism: 1, queueLimit: 64 });
  });

  it('reads MFA_REQUIRED_ROLES as a trimmed list and the MFA limit, off with rate limiting', () => {
    const config = load({ DATA_DIR: dataDir(), JWT_SECRET: secret, MFA_REQUIRED_ROLES: ' admin, ,auditor ' });
    expect(config.mfa).toEqual({
      requiredRoles: ['admin', 'auditor'],
      failures: { perAccount: 5, windowSeconds: 300 },
    });
    const off = load({ DATA_DIR: dataDir(), JWT_SECRET: secret, RATE_LIMIT_ENABLED: 'false' });
    expect(off.mfa).toEqual({ requiredRoles: [], failures: null });
  });

  it('seals token keys under KEYS_ENCRYPTION_KEY when set (32+ bytes), and takes JWT_ALGORITHM', () => {
    const keysKey = 'k'.repeat(32);
    const config = load({
      DATA_DIR: dataDir(),
      JWT_SECRET: secret,
      KEYS_ENCRYPTION_KEY: keysKey,
      JWT_ALGORITHM: 'RS256',
    });
    expect(config.tokenKeys.encryptionSecret).toBe(keysKey);
    expect(config.jwt.algorithm).toBe('RS256');
    expect(() => load({ DATA_DIR: dataDir(), JWT_SECRET: secret, KEYS_ENCRYPTION_KEY: 'short' })).toThrow(
      /KEYS_ENCRYPTION_KEY must be at least 32 bytes/,
    );
    expect(() => load({ DATA_DIR: dataDir(), JWT_SECRET: secret, JWT_ALGORITHM: 'EdDSA' })).toThrow(/JWT_ALGORITHM/);
  });

  it('takes the shared settings from the platform: the Argon2id cost, and no login limits when rate limiting is off', () => {
    const config = load({
      DATA_DIR: dataDir(),
      JWT_SECRET: secret,
      ARGON2_PASSES: '3',
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '1',
    });
    expect(config.argon2.passes).toBe(3);
    expect(config.loginFailures).toBeNull();
  });

  it.each([
    [{ REGISTRATION: 'maybe' }, /^Invalid configuration: REGISTRATION:/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 bytes/],
    [
      { BOOTSTRAP_ADMIN_EMAIL: 'root@example.com' },
      /BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together/,
    ],
  ])('names the bad variable in one line: %j', (variables, message) => {
    const attempt = () => load({ DATA_DIR: dataDir(), JWT_SECRET: secret, ...variables });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('never echoes the bootstrap password', () => {
    const attempt = () => load({ DATA_DIR: dataDir(), JWT_SECRET: secret, BOOTSTRAP_ADMIN_PASSWORD: 5 as never });
    expect(attempt).toThrow(/^Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD: [^"]*$/);
  });

  it('refuses to start in production without a real JWT secret', () => {
    expect(() => load({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(/JWT_SECRET is required in production/);
    expect(() => load({ NODE_ENV: 'production', JWT_SECRET: 'changeme', DATA_DIR: dataDir() })).toThrow(/placeholder/);
    expect(load({ NODE_ENV: 'production', JWT_SECRET: secret, DATA_DIR: dataDir() }).jwt.secret).toBe(secret);
  });

  it('generates and keeps a development secret in the data folder', () => {
    const dir = dataDir();
    const first = load({ DATA_DIR: dir }).jwt.secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(load({ DATA_DIR: dir }).jwt.secret).toBe(first);
    expect(readFileSync(path.join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });
});
