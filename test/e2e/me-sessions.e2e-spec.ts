import { randomUUID } from 'node:crypto';
import { expectProblem, TestApp } from '../support/test-app';

describe('/me and /sessions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  it('GET /me shows profile, roles, effective permissions and teams', async () => {
    const user = await app.newUser('me');
    const me = await app.request('GET', '/me', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: user.id,
      email: user.email,
      name: 'me',
      emailVerified: false,
      roles: ['user'],
      permissions: [],
      teams: [],
      createdAt: expect.any(String),
      mfa: { totp: false, passkeys: 0 },
    });
    const admin = await app.newAdmin();
    const adminMe = await app.request('GET', '/me', { token: admin.accessToken });
    expect(adminMe.body.permissions).toEqual(expect.arrayContaining(['users:read', 'users:write', 'signing:sign']));
  });

  it('PATCH /me changes the name and refuses other fields', async () => {
    const user = await app.newUser();
    const res = await app.request('PATCH', '/me', { token: user.accessToken, body: { name: 'Renamed' } });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Renamed');
    expect((await app.request('GET', '/me', { token: user.accessToken })).body.name).toBe('Renamed');
    expectProblem(
      await app.request('PATCH', '/me', { token: user.accessToken, body: { email: 'x@example.com' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await app.request('PATCH', '/me', { token: user.accessToken, body: { name: 7 } }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('POST /me/password changes the password and revokes every other session', async () => {
    const user = await app.newUser();
    const other = await app.login(user.email, user.password);
    expectProblem(
      await app.request('POST', '/me/password', {
        token: user.accessToken,
        body: { currentPassword: 'not my password', newPassword: 'a new passphrase 1' },
      }),
      401,
      'INVALID_CREDENTIALS',
    );
    expectProblem(
      await app.request('POST', '/me/password', {
        token: user.accessToken,
        body: { currentPassword: user.password, newPassword: 'password123' },
      }),
      400,
      'WEAK_PASSWORD',
    );
    const changed = await app.request('POST', '/me/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'a new passphrase 1' },
    });
    expect(changed.status).toBe(204);
    expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(200);
    expectProblem(await app.request('GET', '/me', { token: other.accessToken }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await app.request('POST', '/login', { body: { email: user.email, password: user.password } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect(
      (await app.request('POST', '/login', { body: { email: user.email, password: 'a new passphrase 1' } })).status,
    ).toBe(200);
  });

  it('DELETE /me needs the password and removes account, sessions and API keys', async () => {
    const user = await app.newUser();
    const key = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'k' } });
    expectProblem(
      await app.request('DELETE', '/me', { token: user.accessToken, body: { password: 'wrong password' } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expectProblem(await app.request('DELETE', '/me', { token: user.accessToken }), 400, 'VALIDATION_FAILED');
    expect(
      (await app.request('DELETE', '/me', { token: user.accessToken, body: { password: user.password } })).status,
    ).toBe(204);
    expectProblem(await app.request('GET', '/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
    expectProblem(await app.request('GET', '/me', { apiKey: key.body.key }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await app.request('POST', '/login', { body: { email: user.email, password: user.password } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect(
      (await app.request('POST', '/register', { body: { email: user.email, password: user.password } })).status,
    ).toBe(201);
  });

  it('GET /sessions lists own live sessions with the current one marked', async () => {
    const user = await app.newUser();
    await app.request('POST', '/login', {
      body: { email: user.email, password: user.password },
      headers: { 'user-agent': 'second-device/1.0' },
    });
    const list = await app.request('GET', '/sessions', { token: user.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    const current = list.body.items.find((s: { current: boolean }) => s.current);
    expect(current).toMatchObject({ id: user.sessionId, ip: '127.0.0.1' });
    expect(list.body.items.map((s: { userAgent: string }) => s.userAgent)).toContain('second-device/1.0');
    for (const session of list.body.items) {
      expect(Object.keys(session).sort()).toEqual([
        'createdAt',
        'current',
        'expiresAt',
        'id',
        'ip',
        'lastSeenAt',
        'userAgent',
      ]);
    }
    const paged = await app.request('GET', '/sessions?limit=1&offset=1', { token: user.accessToken });
    expect(paged.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.body.items).toHaveLength(1);
    expectProblem(
      await app.request('GET', '/sessions?limit=500', { token: user.accessToken }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('DELETE /sessions/{id} revokes one session; another user’s session is 404 and survives', async () => {
    const user = await app.newUser();
    const second = await app.login(user.email, user.password);
    const stranger = await app.newUser();
    expectProblem(
      await app.request('DELETE', `/sessions/${stranger.sessionId}`, { token: user.accessToken }),
      404,
      'NOT_FOUND',
    );
    expect((await app.request('GET', '/me', { token: stranger.accessToken })).status).toBe(200);
    expectProblem(
      await app.request('DELETE', `/sessions/${randomUUID()}`, { token: user.accessToken }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await app.request('DELETE', '/sessions/not-a-uuid', { token: user.accessToken }), 404, 'NOT_FOUND');
    expect((await app.request('DELETE', `/sessions/${second.sessionId}`, { token: user.accessToken })).status).toBe(
      204,
    );
    expectProblem(await app.request('GET', '/me', { token: second.accessToken }), 401, 'UNAUTHENTICATED');
    expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(200);
  });
});

describe('bootstrap administrator', () => {
  let app: TestApp;
  const email = `root-${randomUUID()}@example.com`;
  beforeAll(async () => {
    app = await TestApp.start({ BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap passphrase 1' });
  });
  afterAll(() => app.close());

  it('creates the configured admin at start', async () => {
    const login = await app.request('POST', '/login', { body: { email, password: 'bootstrap passphrase 1' } });
    expect(login.status).toBe(200);
    const users = await app.request('GET', '/users', { token: login.body.accessToken });
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { email: string }) => u.email)).toContain(email);
  });
});
