import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadServiceConfig } from '../../apps/api/src/service-config';
import { usesPostgres } from '../support/test-database';
import { expectProblem, HttpResult, SHIPPED_RATE_LIMITS, TestApp } from '../support/test-app';

const randomIp = () => `10.${randomBytes(3).join('.')}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });
const { rateLimit, identity } = loadServiceConfig({
  NODE_ENV: 'test',
  JWT_SECRET: randomBytes(32).toString('base64url'),
});
// Route limits are the platform's; failed-login limits are identity's (null only with RATE_LIMIT_ENABLED=false).
const shipped = { rules: rateLimit.rules, loginFailures: identity.loginFailures! };

function register(app: TestApp, ip: string, email = `r-${randomUUID()}@example.com`) {
  return app.request('POST', '/register', { body: { email, password: `pw ${randomUUID()}` }, headers: from(ip) });
}

function logIn(app: TestApp, ip: string, email: string, password: string, route = '/login') {
  return app.request('POST', route, { body: { email, password }, headers: from(ip) });
}

function expectLimited(result: HttpResult): void {
  expectProblem(result, 429, 'RATE_LIMITED');
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('rate limits as shipped (register per IP, failed logins per IP and per account)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ ...SHIPPED_RATE_LIMITS, TRUST_PROXY: 'true' });
  });
  afterAll(() => app.close());

  it('refuses one IP registering 40 accounts with 429 RATE_LIMITED and Retry-After; other IPs still register', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    let limited: HttpResult | null = null;
    for (let i = 0; i < 40; i += 1) {
      const result = await register(app, ip);
      statuses.push(result.status);
      if (result.status === 429) limited ??= result;
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(shipped.rules.register.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - shipped.rules.register.limit);
    expectLimited(limited as HttpResult);
    expect((await register(app, randomIp())).status).toBe(201);
  });

  it('refuses 60 failed logins with different emails from one IP, then even a correct password from it', async () => {
    const ip = randomIp();
    const user = await app.newUser('stuffed');
    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1)
      statuses.push((await logIn(app, ip, `nobody-${randomUUID()}@example.com`, 'guess guess guess')).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(shipped.loginFailures.perIp);
    expect(statuses.slice(shipped.loginFailures.perIp).every((s) => s === 429)).toBe(true);
    expectLimited(await logIn(app, ip, user.email, user.password));
    expectLimited(await logIn(app, ip, user.email, user.password, '/token'));
    expect((await logIn(app, randomIp(), user.email, user.password)).status).toBe(200);
  });

  it('does not let failures from one IP lock the account out from another', async () => {
    const victim = await app.newUser('victim');
    const attacker = randomIp();
    for (let i = 0; i < shipped.loginFailures.perAccount; i += 1)
      expectProblem(await logIn(app, attacker, victim.email, 'not the password'), 401, 'INVALID_CREDENTIALS');
    expectLimited(await logIn(app, attacker, victim.email, victim.password));
    // The same account from the owner's address, and other accounts from the attacker's, are unaffected.
    expect((await logIn(app, randomIp(), victim.email, victim.password)).status).toBe(200);
    const other = await app.newUser('other');
    expect((await logIn(app, attacker, other.email, other.password)).status).toBe(200);
  });
});

describe('failed-login limits in detail', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      TRUST_PROXY: 'true',
      RATE_LIMIT_LOGIN_FAILURES_PER_IP: '3',
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3',
    });
  });
  afterAll(() => app.close());

  it('never counts successful logins: 40 tokens in a row between failures, against a limit of 3', async () => {
    const ip = randomIp();
    const user = await app.newUser('client');
    for (let i = 0; i < 2; i += 1) expect((await logIn(app, ip, user.email, 'wrong password')).status).toBe(401);
    for (let i = 0; i < 40; i += 1) {
      const token = await logIn(app, ip, user.email, user.password, i % 2 ? '/token' : '/login');
      expect([i, token.status]).toEqual([i, 200]);
    }
    expect((await logIn(app, ip, user.email, 'wrong password')).status).toBe(401);
    expectLimited(await logIn(app, ip, user.email, user.password));
  });

  it('checks no more passwords than the limit when guesses come all at once', async () => {
    const ip = randomIp();
    const user = await app.newUser('raced');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => logIn(app, ip, user.email, 'concurrent wrong guess')),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });
});

describe('failed-login limits with a short window', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      TRUST_PROXY: 'true',
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3',
      RATE_LIMIT_LOGIN_FAILURE_WINDOW_SECONDS: '2',
    });
  });
  afterAll(() => app.close());

  it('refuses a limited key until its window ends, then lets the right password in', async () => {
    const ip = randomIp();
    const user = await app.newUser('patient');
    for (let i = 0; i < 3; i += 1) expect((await logIn(app, ip, user.email, 'wrong password')).status).toBe(401);
    const limited = await logIn(app, ip, user.email, user.password);
    expectLimited(limited);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    await sleep(2100);
    expect((await logIn(app, ip, user.email, user.password)).status).toBe(200);
  });
});

// Counters in Redis are shared by every process; without Redis (the embedded backend) each process counts for
// itself, which is what that backend promises.
(usesPostgres ? describe : describe.skip)(
  'limits shared by two API processes on one Redis (PostgreSQL run only)',
  () => {
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      const shared = {
        REDIS_KEY_PREFIX: `kw-test-${randomBytes(6).toString('hex')}:`,
        TRUST_PROXY: 'true',
        RATE_LIMIT_REGISTER_PER_HOUR: '4',
        RATE_LIMIT_LOGIN_FAILURES_PER_IP: '4',
      };
      [first, second] = await Promise.all([TestApp.start(shared), TestApp.start(shared)]);
    });
    afterAll(async () => Promise.all([first?.close(), second?.close()]));

    it('counts registrations on either instance against one limit', async () => {
      const ip = randomIp();
      for (const app of [first, second, first, second]) expect((await register(app, ip)).status).toBe(201);
      expectLimited(await register(first, ip));
      expectLimited(await register(second, ip));
    });

    it('counts failed logins on either instance against one limit', async () => {
      const ip = randomIp();
      for (const app of [first, second, first, second])
        expect((await logIn(app, ip, `nobody-${randomUUID()}@example.com`, 'wrong password')).status).toBe(401);
      expectLimited(await logIn(second, ip, `nobody-${randomUUID()}@example.com`, 'wrong password'));
    });
  },
);
