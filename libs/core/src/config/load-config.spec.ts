import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig, readEnvironment } from './load-config';

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'keyward-config-'));
  const secret = 'a-very-long-and-random-jwt-secret-value-123';

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret });
    expect(config).toMatchObject({
      env: 'development',
      host: '0.0.0.0',
      port: 8000,
      rootPath: '/auth',
      redisUrl: null,
      redisCommandTimeoutMs: 1000,
      registration: 'open',
    });
    expect(config.database).toMatchObject({
      dialect: 'sqlite',
      poolSize: 10,
      connectTimeoutMs: 10000,
      statementTimeoutMs: 30000,
      logQueries: false,
    });
    expect(config.jwt.accessTokenTtl).toBe(900);
    expect(config.jwt.signFileTokenTtl).toBe(1800);
    expect(config.rateLimit).toEqual({
      enabled: true,
      keyPrefix: 'kw:',
      rules: {
        register: { limit: 20, windowSeconds: 3600 },
        secretsCreate: { limit: 240, windowSeconds: 60 },
        secretsReveal: { limit: 120, windowSeconds: 60 },
      },
      loginFailures: { perAccount: 10, perIp: 50, windowSeconds: 900 },
    });
    expect(config.sessions.refreshTokenTtl).toBe(2592000);
    expect(config.argon2).toEqual({ memoryKib: 19456, passes: 2, parallelism: 1 });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: .*\(got "abc"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL: expected sqlite:<path> or postgres:/],
    [{ REGISTRATION: 'maybe' }, /^Invalid configuration: REGISTRATION:/],
    [{ RATE_LIMIT_ENABLED: 'perhaps' }, /^Invalid configuration: RATE_LIMIT_ENABLED: expected true or false/],
    [{ REDIS_KEY_PREFIX: 'two words' }, /^Invalid configuration: REDIS_KEY_PREFIX: expected up to 64 printable/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 bytes/],
    [{ TLS_CERT_FILE: '/x.pem' }, /TLS_CERT_FILE and TLS_KEY_FILE must be set together/],
  ])('names the bad variable in one line: %j', (variables, message) => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret, ...variables });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('never echoes the value of a secret or a URL', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://user:hunter2@db' })).not.toThrow(/hunter2/);
  });

  it('reads the signing section, disabled without SIGNING_KEY_IDS', () => {
    const defaults = loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret }).signing;
    expect(defaults).toMatchObject({
      gpgBinary: 'gpg',
      gnupgHome: path.join(homedir(), '.gnupg'),
      keyIds: [],
      passphrase: null,
      passphrasesFile: null,
      maxUploadBytes: 100000000,
      tmpDir: path.resolve(tmpdir()),
      concurrencyPerAgent: 2,
      timeoutMs: 60000,
    });
    expect(defaults.agents).toBe(Math.min(64, availableParallelism()));
    const configured = loadConfig({
      DATA_DIR: dataDir(),
      JWT_SECRET: secret,
      SIGNING_KEY_IDS: ' 0xABCDEF01, 0123456789abcdef ,',
      SIGNING_AGENTS: '3',
    }).signing;
    expect(configured.keyIds).toEqual(['0xABCDEF01', '0123456789abcdef']);
    expect(configured.agents).toBe(3);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SIGNING_KEY_IDS: 'ABCDEF01,alice' })).toThrow(
      /^Invalid configuration: SIGNING_KEY_IDS: expected comma-separated key ids.*\(got "ABCDEF01,alice"\)$/,
    );
  });

  it('never echoes a signing passphrase', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), SIGNING_PASSPHRASE: 'hunter2', SIGNING_AGENTS: '0' })).toThrow(
      /SIGNING_AGENTS/,
    );
    const schemaIssue = () => loadConfig({ DATA_DIR: dataDir(), SIGNING_PASSPHRASE: 5 as unknown as string });
    expect(schemaIssue).toThrow(/^Invalid configuration: SIGNING_PASSPHRASE: [^"]*$/);
  });

  it('refuses to start in production without a real JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(
      /JWT_SECRET is required in production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'changeme', DATA_DIR: dataDir() })).toThrow(
      /placeholder/,
    );
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, DATA_DIR: dataDir() }).jwt.secret).toBe(secret);
  });

  it('generates and keeps a development secret in the data folder', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).jwt.secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).jwt.secret).toBe(first);
    expect(readFileSync(path.join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('reads .env, lets the environment win and treats empty values as unset', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, '.env'), 'PORT=9000\nHOST=127.0.0.1\nLOG_LEVEL=debug\n');
    const variables = readEnvironment(dir, { PORT: '9100', LOG_LEVEL: '' });
    expect(variables).toMatchObject({ PORT: '9100', HOST: '127.0.0.1' });
    expect(variables.LOG_LEVEL).toBeUndefined();
  });

  it('has every variable documented in the README configuration table', () => {
    const readme = readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
    const undocumented = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });
});
