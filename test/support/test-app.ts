import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@keyward/core';
import { createApp } from '../../apps/api/src/create-app';
import { loadServiceConfig, ServiceConfig } from '../../apps/api/src/service-config';
import { createTestDatabase, TestDatabase } from './test-database';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (for malformed JSON tests); overrides `body`. */
  rawBody?: string | Buffer;
  /** Sent as multipart/form-data (fetch sets the boundary); overrides `body`. */
  form?: FormData;
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

/**
 * Limits far above what any suite sends: every suite registers and logs in from 127.0.0.1. The suites about
 * limits set their own, or take the shipped ones back with `SHIPPED_RATE_LIMITS`.
 */
export const GENEROUS_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_REGISTER_PER_HOUR: '100000',
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '100000',
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: '100000',
  RATE_LIMIT_SECRETS_CREATE_PER_MINUTE: '100000',
  RATE_LIMIT_SECRETS_REVEAL_PER_MINUTE: '100000',
  RATE_LIMIT_PASSWORD_FORGOT_PER_IP: '100000',
  RATE_LIMIT_PASSWORD_FORGOT_PER_ACCOUNT: '100000',
};

/** Overrides that leave every rate limit at its shipped default. */
export const SHIPPED_RATE_LIMITS: Readonly<Record<string, undefined>> = Object.fromEntries(
  Object.keys(GENEROUS_RATE_LIMITS).map((name) => [name, undefined]),
);

/**
 * The composed service on a real HTTP port, on this run's backend: a fresh SQLite file with the embedded
 * session store, or (DATABASE_URL=postgres://...) a fresh PostgreSQL database with Redis at REDIS_URL.
 * Its rate-limit counters have a prefix of their own in Redis (test files share one database and all come
 * from 127.0.0.1); pass `REDIS_KEY_PREFIX` to share counters between two instances.
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: ServiceConfig,
    readonly baseUrl: string,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
    private readonly variables: Record<string, string>,
    private readonly owner = true,
  ) {}

  /**
   * `logSink` receives every log line (JSON) at info level and above; otherwise logs are silent. An override
   * set to undefined removes the variable (the shipped default applies).
   */
  static async start(
    overrides: Record<string, string | undefined> = {},
    logSink?: (line: string) => void,
  ): Promise<TestApp> {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyward-e2e-'));
    const variables: Record<string, string | undefined> = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      REDIS_KEY_PREFIX: `kw-test-${randomBytes(6).toString('hex')}:`,
      ...GENEROUS_RATE_LIMITS,
      ...(process.env.REDIS_URL && database.url.startsWith('postgres') ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...overrides,
    };
    const defined = Object.fromEntries(
      Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return TestApp.launch(defined, database, dataDir, true, logSink);
  }

  /**
   * A second instance of this one's service, as another process of the same deployment would be: the same
   * database, Redis prefix and keys. Close it before this one (which drops the database).
   */
  async sibling(): Promise<TestApp> {
    return TestApp.launch(this.variables, this.database, this.dataDir, false);
  }

  private static async launch(
    variables: Record<string, string>,
    database: TestDatabase,
    dataDir: string,
    owner: boolean,
    logSink?: (line: string) => void,
  ): Promise<TestApp> {
    const config = loadServiceConfig(variables);
    const logger = logSink
      ? createLogger('info', { write: (line: string) => logSink(line) }, { pretty: config.log.format === 'pretty' })
      : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const app = await createApp(config, logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}${config.http.rootPath}`;
    return new TestApp(app, config, baseUrl, database, dataDir, variables, owner);
  }

  async close(): Promise<void> {
    await this.app.close();
    if (!this.owner) return;
    await this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async request<T = any>(method: string, route: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | Buffer | FormData | undefined;
    if (options.form !== undefined) body = options.form;
    else if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !(body instanceof FormData) && !headers['content-type'])
      headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    const response = await fetch(`${this.baseUrl}${route}`, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** Registers a fresh user with a unique email and logs in. */
  async newUser(prefix = 'user'): Promise<TestUser> {
    const email = `${prefix}-${randomUUID()}@example.com`;
    const password = `pw ${randomUUID()}`;
    const registered = await this.request('POST', '/register', { body: { email, password, name: prefix } });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
    const login = await this.login(email, password);
    return { id: registered.body.id, email, password, ...login };
  }

  async login(email: string, password: string): Promise<Omit<TestUser, 'id' | 'email' | 'password'>> {
    const login = await this.request('POST', '/login', { body: { email, password } });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
    return {
      accessToken: login.body.accessToken,
      refreshToken: login.body.refreshToken,
      sessionId: login.body.sessionId,
    };
  }

  /** A fresh user holding the admin role, granted through the bootstrap path the service itself uses. */
  async newAdmin(): Promise<TestUser> {
    const user = await this.newUser('admin');
    const { UserRepository } = await import('@keyward/identity');
    await this.app.get(UserRepository).setRoles(user.id, ['admin', 'user']);
    return user;
  }
}

/** A multipart form of files: `[field, filename, content]` each. */
export function formOf(...files: [field: string, filename: string, content: string | Uint8Array][]): FormData {
  const form = new FormData();
  for (const [field, filename, content] of files) form.append(field, new Blob([content]), filename);
  return form;
}

/** Asserts an RFC 9457 problem response with the given status and code. */
export function expectProblem(result: HttpResult, status: number, code: string): void {
  expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
  expect(result.headers.get('content-type')).toContain('application/problem+json');
  expect(result.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(result.body.requestId).toBe(result.headers.get('x-request-id'));
}
