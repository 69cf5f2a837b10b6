import { Client } from 'pg';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase, usesPostgres } from '../support/test-database';
import { expectProblem, HttpResult, TestApp, TestUser } from '../support/test-app';

// PostgreSQL connection loss under a running app: backends terminated with pg_terminate_backend on this
// file's own database while requests wait on a lock, then (through a TCP hop of the test's own) refused
// connections and a server that accepts but never answers.
const CONNECT_TIMEOUT_MS = 500;
/** Room on top of a timeout for a busy 2-core machine. */
const MARGIN_MS = 1000;

const suite = usesPostgres ? describe : describe.skip;
const title = usesPostgres
  ? 'faults: PostgreSQL connections lost'
  : 'faults: PostgreSQL (skipped: this run is on SQLite; set DATABASE_URL=postgres://... to run it)';

const figures: Record<string, string> = {};

async function timed(app: TestApp, method: string, route: string, options = {}): Promise<[HttpResult, number]> {
  const started = performance.now();
  const result = await app.request(method, route, options);
  return [result, Math.round(performance.now() - started)];
}

async function waitUntil(probe: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 15_000) {
    if (await probe()) return Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the service did not recover within 15 s');
}

async function newApiKey(app: TestApp, user: TestUser): Promise<string> {
  const created = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'faults' } });
  expect(created.status).toBe(201);
  return created.body.key;
}

suite(title, () => {
  afterAll(() => {
    console.log('fault figures (PostgreSQL):', figures);
  });

  describe('backends terminated while requests are in flight', () => {
    let app: TestApp;
    let user: TestUser;
    let apiKey: string;
    let locker: Client;
    let observer: Client;

    beforeAll(async () => {
      app = await TestApp.start();
      user = await app.newUser('faults');
      apiKey = await newApiKey(app, user);
      locker = new Client({ connectionString: app.config.database.url, application_name: 'faults-locker' });
      await locker.connect();
      // Statistics views are a snapshot per transaction, so the locker, inside its transaction, would not see them move.
      observer = new Client({ connectionString: app.config.database.url, application_name: 'faults-observer' });
      await observer.connect();
    });

    afterAll(async () => {
      await locker?.end().catch(() => undefined);
      await observer?.end().catch(() => undefined);
      await app?.close();
    });

    it('answers the in-flight requests 503, never 500, and the pool recovers by itself', async () => {
      // Every /me reads the users table; an exclusive lock holds the requests inside PostgreSQL.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const inFlight = Array.from({ length: 6 }, (_, i) =>
        timed(app, 'GET', '/me', i % 2 ? { apiKey } : { token: user.accessToken }),
      );
      const database = new URL(app.config.database.url).pathname.slice(1);
      await waitUntil(async () => {
        const waiting = await observer.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
          [database],
        );
        return waiting.rows[0].n >= 4;
      });
      // Every backend of the app, busy or idle in its pool; the test's own two connections stay.
      const terminated = await observer.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND application_name NOT LIKE 'faults-%'`,
        [database],
      );
      expect(terminated.rows[0].n).toBeGreaterThanOrEqual(4);
      await locker.query('ROLLBACK');

      const answers = await Promise.all(inFlight);
      const statuses = answers.map(([result]) => result.status);
      expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
      for (const [result] of answers.filter(([result]) => result.status === 503)) {
        expectProblem(result, 503, 'SERVICE_UNAVAILABLE');
        expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThanOrEqual(4);
      figures.terminatedInFlight = `${statuses.join(',')} in ${Math.max(...answers.map(([, ms]) => ms))} ms`;

      const recoveredMs = await waitUntil(async () => (await app.request('GET', '/me', { apiKey })).status === 200);
      figures.recoveryAfterTerminateMs = String(recoveredMs);
      const after = await Promise.all(Array.from({ length: 10 }, () => app.request('GET', '/me', { apiKey })));
      expect(after.map((r) => r.status)).toEqual(after.map(() => 200));
      expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(200);
    });
  });

  describe('connections refused, then a server that never answers', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let app: TestApp;
    let user: TestUser;
    let apiKey: string;

    beforeAll(async () => {
      database = await createTestDatabase();
      const url = new URL(database.url);
      proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      app = await TestApp.start({
        DATABASE_URL: url.toString(),
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_POOL_SIZE: '3',
      });
      user = await app.newUser('faults');
      apiKey = await newApiKey(app, user);
    });

    afterAll(async () => {
      await proxy?.forward();
      await app?.close();
      await proxy?.close();
      await database?.drop();
    });

    it('answers 503 at once while connections are refused', async () => {
      await proxy.refuse();
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await timed(app, 'GET', '/me', { apiKey }));
      for (const [result, ms] of answers) {
        expectProblem(result, 503, 'SERVICE_UNAVAILABLE');
        expect(ms).toBeLessThanOrEqual(MARGIN_MS);
      }
      figures.refusedLatencyMs = answers.map(([, ms]) => ms).join(',');
      const ready = await app.request('GET', '/health/ready');
      expect([ready.status, ready.body.checks.database.status]).toEqual([503, 'down']);
    });

    it('answers 503 within DB_CONNECT_TIMEOUT_MS when the server accepts but never answers', async () => {
      await proxy.blackhole();
      const answers = await Promise.all(Array.from({ length: 5 }, () => timed(app, 'GET', '/me', { apiKey })));
      for (const [result, ms] of answers) {
        expectProblem(result, 503, 'SERVICE_UNAVAILABLE');
        expect(ms).toBeLessThanOrEqual(CONNECT_TIMEOUT_MS + MARGIN_MS);
      }
      figures.stalledLatencyMs = answers.map(([, ms]) => ms).join(',');
    });

    it('resumes by itself once the server answers again', async () => {
      await proxy.forward();
      const recoveredMs = await waitUntil(async () => (await app.request('GET', '/me', { apiKey })).status === 200);
      figures.recoveryAfterRefusedMs = String(recoveredMs);
      expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(200);
      expect((await app.request('GET', '/health/ready')).status).toBe(200);
    });
  });
});
