import { randomUUID } from 'node:crypto';
import { LogConfig, wantsPrettyLogs } from '@keyward/core';
import { TestApp } from '../support/test-app';

describe('structured logs', () => {
  const lines: string[] = [];
  let app: TestApp;
  // Libraries may bypass the logger and print to the console: that output is checked too.
  const consoleOutput: string[] = [];
  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest
        .spyOn(console, method)
        .mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map(String).join(' ')));
    }
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false', SLOW_REQUEST_MS: '100000' }, (line) => lines.push(line));
  });
  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  it('logs one JSON line per request with id, route, status and duration, and never a credential', async () => {
    const password = `Sup3r secret ${randomUUID()}`;
    const email = `log-${randomUUID()}@example.com`;
    await app.request('POST', '/register', { body: { email, password } });
    await app.request('POST', '/register', { body: { email, password } }); // a failing insert must not log its parameters
    const login = await app.request('POST', '/login', {
      body: { email, password },
      headers: { 'x-request-id': 'log-check-1' },
    });
    const key = await app.request('POST', '/api-keys', { token: login.body.accessToken, body: { name: 'k' } });
    await app.request('GET', '/me', { apiKey: key.body.key });
    await app.request('POST', '/refresh', { body: { refreshToken: login.body.refreshToken } });
    await app.request('POST', '/login', { body: { email, password: `${password}-wrong` } });

    const records = lines.map((line) => JSON.parse(line));
    const loginLine = records.find((r) => r.requestId === 'log-check-1' && r.msg === 'request');
    expect(loginLine).toMatchObject({
      method: 'POST',
      route: '/auth/login',
      status: 200,
      ms: expect.any(Number),
      level: 30,
    });

    const everything = [...lines, ...consoleOutput].join('\n');
    for (const secret of [
      password,
      login.body.accessToken,
      login.body.refreshToken,
      key.body.key,
      login.body.refreshToken.split('.')[1],
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toContain('$argon2id$');
  });

  it('names the request id once per line, under one key', async () => {
    const requestId = `once-${randomUUID()}`;
    await app.request('GET', '/no-such-route', { headers: { 'x-request-id': requestId } });
    await app.request('GET', '/me', { headers: { 'x-request-id': requestId } });
    const mine = lines.filter((line) => line.includes(requestId));
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const line of mine) {
      expect(line.split(requestId)).toHaveLength(2);
      expect(Object.keys(JSON.parse(line)).filter((key) => /req(uest)?_?id/i.test(key))).toEqual(['requestId']);
    }
  });
});

describe('human-readable logs', () => {
  it('are chosen for a terminal outside production, and JSON otherwise unless LOG_FORMAT says', () => {
    const log = (format: LogConfig['format']) => new LogConfig({ level: 'info', slowRequestMs: 1, format });
    expect(wantsPrettyLogs(log('auto'), 'development', true)).toBe(true);
    expect(wantsPrettyLogs(log('auto'), 'development', undefined)).toBe(false);
    expect(wantsPrettyLogs(log('auto'), 'production', true)).toBe(false);
    expect(wantsPrettyLogs(log('json'), 'development', true)).toBe(false);
    expect(wantsPrettyLogs(log('pretty'), 'production', false)).toBe(true);
  });

  it('print one readable line per request with its id once, and still never a credential', async () => {
    const lines: string[] = [];
    const app = await TestApp.start({ LOG_FORMAT: 'pretty' }, (line) => lines.push(line));
    try {
      const user = await app.newUser('pretty');
      await app.request('GET', '/me', { token: user.accessToken, headers: { 'x-request-id': 'pretty-check-1' } });
      const requestLines = lines.filter((line) => line.includes('pretty-check-1'));
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0]).toMatch(
        /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request \{.*"route":"\/auth\/me".*"status":200/,
      );
      expect(requestLines[0].split('pretty-check-1')).toHaveLength(2);
      expect(() => JSON.parse(requestLines[0])).toThrow();
      const everything = lines.join('\n');
      for (const secret of [user.password, user.accessToken, user.refreshToken])
        expect(everything).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
