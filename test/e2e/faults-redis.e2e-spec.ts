import { redisServerAvailable, RedisServer } from '../support/redis-server';
import { expectProblem, HttpResult, TestApp, TestUser } from '../support/test-app';

// A private redis-server is killed, frozen and restarted under a running app: on the embedded pass the app
// runs on SQLite with that Redis, on the PostgreSQL pass on PostgreSQL with it.
const COMMAND_TIMEOUT_MS = 300;
/** Room on top of the timeout for a busy 2-core machine. */
const MARGIN_MS = 700;
const BOUND_MS = COMMAND_TIMEOUT_MS + MARGIN_MS;
const RECOVERY_BOUND_MS = 5000;

const suite = redisServerAvailable ? describe : describe.skip;
const title = redisServerAvailable
  ? 'faults: Redis killed, frozen and restarted'
  : 'faults: Redis (skipped: no redis-server on PATH to kill, freeze and restart)';

suite(title, () => {
  let redis: RedisServer;
  let app: TestApp;
  let user: TestUser;
  let apiKey: string;
  const logLines: Record<string, unknown>[] = [];
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await TestApp.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) }, (line) =>
      logLines.push(JSON.parse(line) as Record<string, unknown>),
    );
    user = await app.newUser('faults');
    const created = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'faults' } });
    expect(created.status).toBe(201);
    apiKey = created.body.key;
  });

  afterAll(async () => {
    // The app first, while Redis answers its QUIT (a client closed on a dead socket keeps a timer for seconds).
    redis?.thaw();
    await app?.close();
    await redis?.stop();
    console.log(`fault figures (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'} + Redis):`, figures);
  });

  async function timed(method: string, route: string, options = {}): Promise<[HttpResult, number]> {
    const started = performance.now();
    const result = await app.request(method, route, options);
    return [result, Math.round(performance.now() - started)];
  }

  function expectUnavailable([result, ms]: [HttpResult, number], what: string): number {
    expectProblem(result, 503, 'SERVICE_UNAVAILABLE');
    expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    expect({ what, withinBound: ms <= BOUND_MS, ms }).toEqual({ what, withinBound: true, ms });
    return ms;
  }

  async function waitUntil(probe: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < 10_000) {
      if (await probe()) return Math.round(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the service did not recover within 10 s');
  }

  describe('while Redis is dead (SIGKILL)', () => {
    let secretKey: string;
    let killedAtLine: number;

    beforeAll(async () => {
      const created = await app.request('POST', '/secrets', { body: { secret: 's3cret', passphrase: 'pass' } });
      expect(created.status).toBe(201);
      secretKey = created.body.secretKey;
      killedAtLine = logLines.length;
      await redis.kill();
    });

    it('answers bearer requests, /login, /refresh and a secret reveal 503 with Retry-After, at once', async () => {
      const latencies = [
        expectUnavailable(await timed('GET', '/me', { token: user.accessToken }), 'GET /me'),
        expectUnavailable(
          await timed('POST', '/login', { body: { email: user.email, password: user.password } }),
          'POST /login',
        ),
        expectUnavailable(await timed('POST', '/refresh', { body: { refreshToken: user.refreshToken } }), 'refresh'),
        expectUnavailable(
          await timed('POST', `/secrets/${secretKey}`, { body: { passphrase: 'pass' } }),
          'POST /secrets/{key}',
        ),
      ];
      figures.deadLatencyMs = `${Math.min(...latencies)}..${Math.max(...latencies)}`;
    });

    it('never lets a bearer request through without the session check', async () => {
      const token = user.accessToken;
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          [
            () => app.request('GET', '/me', { token }),
            () => app.request('GET', '/sessions', { token }),
            () => app.request('POST', '/logout', { token }),
          ][i % 3](),
        ),
      );
      expect(burst.map((r) => r.status)).toEqual(burst.map(() => 503));
    });

    it('keeps API keys working: they live in the SQL database', async () => {
      const me = await app.request('GET', '/me', { apiKey });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
    });

    it('reports the session store down on readiness, quickly; liveness ignores credentials it cannot check', async () => {
      const [ready, ms] = await timed('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.sessionStore.status).toBe('down');
      expect(ms).toBeLessThanOrEqual(BOUND_MS);
      expect((await app.request('GET', '/health', { token: user.accessToken })).status).toBe(200);
    });

    it('logs the outage once per burst at warn level, without stacks, and no unhandled error', () => {
      const lines = logLines.slice(killedAtLine);
      const outages = lines.filter((line) => line.msg === 'dependency unavailable');
      // Over 35 failed requests, one line per dependency named (the session store, and Redis behind the limiter).
      expect(outages.length).toBeGreaterThanOrEqual(1);
      expect(outages.length).toBeLessThanOrEqual(2);
      expect(outages.every((line) => line.level === 40 && line.err === undefined)).toBe(true);
      expect(lines.filter((line) => line.msg === 'unhandled error')).toEqual([]);
    });

    it('resumes by itself once Redis is back, and the lost sessions stay closed', async () => {
      await redis.restart();
      let fresh: HttpResult | undefined;
      const recoveredMs = await waitUntil(async () => {
        fresh = await app.request('POST', '/login', { body: { email: user.email, password: user.password } });
        return fresh.status === 200;
      });
      figures.recoveryAfterRestartMs = String(recoveredMs);
      expect(recoveredMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      expect((await app.request('GET', '/me', { token: fresh?.body.accessToken })).status).toBe(200);
      // The restarted Redis keeps nothing on disk: the old session is gone, so its token fails closed.
      expectProblem(await app.request('GET', '/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
      // The reveal refused during the outage consumed nothing.
      const reveal = await app.request('POST', `/secrets/${secretKey}`, { body: { passphrase: 'pass' } });
      expect(reveal.status).toBe(200);
      expect(reveal.body.secret).toBe('s3cret');
      user = { ...user, ...(await app.login(user.email, user.password)) };
    });
  });

  describe('while Redis is frozen (SIGSTOP)', () => {
    beforeAll(() => {
      redis.freeze();
    });
    afterAll(() => {
      redis.thaw();
    });

    it('answers 503 within REDIS_COMMAND_TIMEOUT_MS and a margin, not after the freeze', async () => {
      const latencies = [
        expectUnavailable(await timed('GET', '/me', { token: user.accessToken }), 'GET /me'),
        expectUnavailable(await timed('GET', '/sessions', { token: user.accessToken }), 'GET /sessions'),
        expectUnavailable(
          await timed('POST', '/login', { body: { email: user.email, password: user.password } }),
          'POST /login',
        ),
      ];
      figures.frozenLatencyMs = `${Math.min(...latencies)}..${Math.max(...latencies)}`;
    });

    it('fails every concurrent bearer request closed, and keeps API keys working', async () => {
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => app.request('GET', '/me', { token: user.accessToken })),
      );
      expect(burst.map((r) => r.status)).toEqual(burst.map(() => 503));
      expect((await app.request('GET', '/me', { apiKey })).status).toBe(200);
    });

    it('keeps readiness bounded', async () => {
      const [ready, ms] = await timed('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.sessionStore.status).toBe('down');
      expect(ms).toBeLessThanOrEqual(BOUND_MS);
    });

    it('resumes by itself after SIGCONT, with the same session', async () => {
      redis.thaw();
      const recoveredMs = await waitUntil(
        async () => (await app.request('GET', '/me', { token: user.accessToken })).status === 200,
      );
      figures.recoveryAfterThawMs = String(recoveredMs);
      expect(recoveredMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      expect((await app.request('GET', '/health/ready')).status).toBe(200);
    });
  });
});

describe('faults: the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('documents 503 SERVICE_UNAVAILABLE with Retry-After on the operations that need a dependency', async () => {
    const doc = (await app.request('GET', '/openapi.json')).body;
    expect(doc.info.description).toContain('SERVICE_UNAVAILABLE');
    const me = doc.paths['/auth/me'].get.responses['503'];
    expect(me.headers['Retry-After']).toBeDefined();
    expect(me.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/ProblemDto');
    expect(doc.paths['/auth/login'].post.responses['503']).toBeDefined();
    expect(doc.paths['/auth/health'].get.responses['503']).toBeUndefined();
  });
});
