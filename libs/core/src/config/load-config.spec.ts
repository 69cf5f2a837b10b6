import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { configVariables, loadConfig, readEnvironment } from './load-config';
import { PlatformConfig } from './platform-config';
import { ConfigError, variable, VariableValues } from './variables';

/** A context's slice as contexts write theirs: its variables, and the slice built from them and the platform's. */
class GreetingConfig {
  static readonly variables = {
    GREETING: z.string().min(2).default('hello'),
    GREETING_REPEAT: variable.int(1, 3).default(1),
    GREETING_PASSWORD: z.string().min(8).optional(),
  };

  static built = 0;

  static fromVariables(values: VariableValues<typeof GreetingConfig.variables>, platform: PlatformConfig) {
    GreetingConfig.built += 1;
    return new GreetingConfig({
      text: values.GREETING.repeat(values.GREETING_REPEAT),
      dataDir: platform.runtime.dataDir,
    });
  }

  declare readonly text: string;
  declare readonly dataDir: string;

  constructor(fields: GreetingConfig) {
    Object.assign(this, fields);
  }
}

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'keyward-config-'));

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.runtime.env).toBe('development');
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 8000, rootPath: '/auth', docsPublic: true, tls: null });
    expect(config.redis).toEqual({ url: null, commandTimeoutMs: 1000 });
    expect(config.database).toMatchObject({
      dialect: 'sqlite',
      poolSize: 10,
      connectTimeoutMs: 10000,
      statementTimeoutMs: 30000,
      logQueries: false,
    });
    expect({ ...config.rateLimit }).toEqual({
      enabled: true,
      keyPrefix: 'kw:',
      rules: {
        register: { limit: 20, windowSeconds: 3600 },
        secretsCreate: { limit: 240, windowSeconds: 60 },
        secretsReveal: { limit: 120, windowSeconds: 60 },
      },
    });
    expect({ ...config.argon2 }).toEqual({
      memoryKib: 19456,
      passes: 2,
      parallelism: 1,
      concurrency: availableParallelism(),
      queueLimit: 64,
      threadPoolSize: availableParallelism() + 4,
    });
    expect(config.log).toEqual({ level: 'info', slowRequestMs: 5000, format: 'auto' });
    expect({ ...config.process }).toEqual({ workers: 1, shutdownTimeoutMs: 10000 });
  });

  it('reads WORKERS as a count, auto as the CPUs this process may use', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), WORKERS: '3', SHUTDOWN_TIMEOUT_MS: '0' }).process).toEqual({
      workers: 3,
      shutdownTimeoutMs: 0,
    });
    expect(loadConfig({ DATA_DIR: dataDir(), WORKERS: 'auto' }).process.workers).toBe(availableParallelism());
  });

  it('sizes the thread pool for the Argon2 slots plus 4, unless UV_THREADPOOL_SIZE says otherwise', () => {
    const argon2 = (variables: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...variables }).argon2;
    expect(argon2({ ARGON2_CONCURRENCY: '3', ARGON2_QUEUE_LIMIT: '0' })).toMatchObject({
      concurrency: 3,
      queueLimit: 0,
      threadPoolSize: 7,
    });
    expect(argon2({ ARGON2_CONCURRENCY: '3', UV_THREADPOOL_SIZE: '4' }).threadPoolSize).toBe(4);
  });

  it.each([
    [{ ARGON2_CONCURRENCY: '0' }, /^Invalid configuration: ARGON2_CONCURRENCY: expected a whole number from 1/],
    [{ ARGON2_QUEUE_LIMIT: 'lots' }, /^Invalid configuration: ARGON2_QUEUE_LIMIT: expected a whole number from 0/],
    [
      { UV_THREADPOOL_SIZE: '2000' },
      /^Invalid configuration: UV_THREADPOOL_SIZE: expected a whole number from 1 to 1024/,
    ],
    [
      { ARGON2_CONCURRENCY: '4', UV_THREADPOOL_SIZE: '4' },
      /UV_THREADPOOL_SIZE \(4\) must be above ARGON2_CONCURRENCY \(4\)/,
    ],
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: .*\(got "abc"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL: expected sqlite:<path> or postgres:/],
    [{ RATE_LIMIT_ENABLED: 'perhaps' }, /^Invalid configuration: RATE_LIMIT_ENABLED: expected true or false/],
    [{ REDIS_KEY_PREFIX: 'two words' }, /^Invalid configuration: REDIS_KEY_PREFIX: expected up to 64 printable/],
    [{ TLS_CERT_FILE: '/x.pem' }, /TLS_CERT_FILE and TLS_KEY_FILE must be set together/],
    [{ WORKERS: '0' }, /^Invalid configuration: WORKERS: expected auto or a whole number from 1 to 999 \(got "0"\)$/],
    [{ WORKERS: 'all' }, /^Invalid configuration: WORKERS: expected auto or a whole number/],
    [{ SHUTDOWN_TIMEOUT_MS: '-1' }, /^Invalid configuration: SHUTDOWN_TIMEOUT_MS: expected a whole number/],
    [{ WORKERS: '2', DATABASE_URL: 'sqlite::memory:' }, /WORKERS above 1 needs a database file or PostgreSQL/],
    [{ ACCESS_CACHE_TTL_MS: '60001' }, /^Invalid configuration: ACCESS_CACHE_TTL_MS: .*\(got "60001"\)$/],
    [{ ACCESS_CACHE_TTL_MS: '5s' }, /^Invalid configuration: ACCESS_CACHE_TTL_MS: expected a whole number/],
  ])('names the bad variable in one line: %j', (variables, message) => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), ...variables });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('never echoes the value of a secret or a URL', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://user:hunter2@db' })).toThrow(
      /^Invalid configuration: DATABASE_URL: [^"]*$/,
    );
  });

  it('reads .env, lets the environment win and treats empty values as unset', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, '.env'), 'PORT=9000\nHOST=127.0.0.1\nLOG_LEVEL=debug\n');
    const variables = readEnvironment(dir, { PORT: '9100', LOG_LEVEL: '' });
    expect(variables).toMatchObject({ PORT: '9100', HOST: '127.0.0.1' });
    expect(variables.LOG_LEVEL).toBeUndefined();
  });

  describe("with a context's slice", () => {
    const slices = { greeting: GreetingConfig };

    it('validates its variables with the platform ones and builds it, by its class, under its name', () => {
      const dir = dataDir();
      const config = loadConfig({ DATA_DIR: dir, GREETING: 'hi', GREETING_REPEAT: '2' }, slices);
      expect(config.greeting).toBeInstanceOf(GreetingConfig);
      expect(config.greeting).toEqual(new GreetingConfig({ text: 'hihi', dataDir: dir }));
      expect(loadConfig({ DATA_DIR: dir }, slices).greeting.text).toBe('hello');
    });

    it('names its bad variables in one line, with the same rules for echoing values', () => {
      expect(() => loadConfig({ GREETING_REPEAT: '7' }, slices)).toThrow(
        /^Invalid configuration: GREETING_REPEAT: .*\(got "7"\)$/,
      );
      expect(() => loadConfig({ GREETING_PASSWORD: 'short' }, slices)).toThrow(
        /^Invalid configuration: GREETING_PASSWORD: [^"]*$/,
      );
    });

    it('builds no slice until every variable, of the platform and of every slice, is valid', () => {
      GreetingConfig.built = 0;
      expect(() => loadConfig({ PORT: 'abc' }, slices)).toThrow(/PORT/);
      expect(() => loadConfig({ GREETING: 'x' }, { greeting: GreetingConfig, other: OtherConfig })).toThrow(
        /^Invalid configuration: GREETING: /,
      );
      expect(() => loadConfig({ OTHER: 'x' }, { greeting: GreetingConfig, other: OtherConfig })).toThrow(
        /^Invalid configuration: OTHER: /,
      );
      expect(GreetingConfig.built).toBe(0);
    });

    it('lists its variables after the platform ones', () => {
      const variables = configVariables(slices);
      expect(variables).toEqual(expect.arrayContaining(['NODE_ENV', 'DATABASE_URL', 'GREETING', 'GREETING_PASSWORD']));
      expect(variables.slice(-3)).toEqual(['GREETING', 'GREETING_REPEAT', 'GREETING_PASSWORD']);
      expect(new Set(variables).size).toBe(variables.length);
    });

    it('refuses a variable with two owners, and a slice named like a platform one', () => {
      const dir = dataDir();
      expect(() => loadConfig({ DATA_DIR: dir }, { greeting: GreetingConfig, again: GreetingConfig })).toThrow(
        'GREETING is read by the greeting slice and by the again slice; give it one owner',
      );
      expect(() => loadConfig({ DATA_DIR: dir }, { clash: PortConfig })).toThrow(
        'PORT is read by the platform and by the clash slice',
      );
      expect(() => loadConfig({ DATA_DIR: dir }, { database: GreetingConfig })).toThrow(
        '"database" is the name of a platform slice',
      );
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});

class OtherConfig {
  static readonly variables = { OTHER: z.string().min(2).optional() };
  static fromVariables() {
    return new OtherConfig();
  }
}

class PortConfig {
  static readonly variables = { PORT: z.string() };
  static fromVariables() {
    return new PortConfig();
  }
}
