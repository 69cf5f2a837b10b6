import { randomUUID } from 'node:crypto';
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
});
