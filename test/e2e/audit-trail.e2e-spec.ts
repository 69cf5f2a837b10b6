import { randomUUID } from 'node:crypto';
import { VerifyAuditChainInteractor } from '@keyward/audit';
import { Delegation } from '../support/delegation';
import { expectProblem, HttpResult, RequestOptions, TestApp, TestUser } from '../support/test-app';

interface Event {
  id: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  via: string | null;
  details: Record<string, unknown>;
  hash: string;
}

/**
 * One account's life through the API, each request from its own client address and with its own request id, and
 * then the audit log: every security event is there, naming who, what, from where and in which request, the chain
 * verifies, and nothing anywhere in it is a password, token, key or secret.
 */
describe('the audit trail of a whole account life (/auth/audit)', () => {
  let app: TestApp;
  let admin: TestUser;
  /** Every credential and secret the flow handles; none may appear in any audit event. */
  const secrets: string[] = [];
  /** What each step's response said: its request id and the address it came from. */
  const steps = new Map<string, { requestId: string; ip: string }>();
  let events: Event[];

  beforeAll(async () => {
    // Behind a proxy, so each step can come from an address of its own (X-Forwarded-For).
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false', TRUST_PROXY: 'true' });
    admin = await app.newAdmin();
    secrets.push(admin.password, admin.accessToken, admin.refreshToken);
  });
  afterAll(() => app.close());

  /** A request as one named step, from 198.51.100.<n>; remembers the X-Request-Id the response carried. */
  async function step(name: string, method: string, route: string, options: RequestOptions = {}) {
    const ip = `198.51.100.${steps.size + 1}`;
    const sent = `flow-${name}-${randomUUID()}`;
    const result: HttpResult = await app.request(method, route, {
      ...options,
      headers: { ...options.headers, 'x-request-id': sent, 'x-forwarded-for': ip },
    });
    const requestId = result.headers.get('x-request-id') ?? '';
    expect(requestId).toBe(sent);
    steps.set(name, { requestId, ip });
    return result;
  }

  /** The one event of `action` that the request of `name` caused. */
  function eventOf(name: string, action: string): Event {
    const { requestId } = steps.get(name)!;
    const matching = events.filter((e) => e.requestId === requestId && e.action === action);
    expect({ name, action, found: matching.length }).toEqual({ name, action, found: 1 });
    return matching[0];
  }

  it('records every step of the flow, and only the steps', async () => {
    const email = `flow-${randomUUID()}@example.com`;
    const password = `first passphrase ${randomUUID()}`;
    const newPassword = `second passphrase ${randomUUID()}`;
    const wrongPassword = `wrong passphrase ${randomUUID()}`;
    secrets.push(password, newPassword, wrongPassword);

    const registered = await step('register', 'POST', '/register', { body: { email, password } });
    expect(registered.status).toBe(201);
    const userId: string = registered.body.id;
    expectProblem(
      await step('login-failure', 'POST', '/login', { body: { email, password: wrongPassword } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expectProblem(
      await step('login-unknown', 'POST', '/login', { body: { email: `nobody-${email}`, password } }),
      401,
      'INVALID_CREDENTIALS',
    );
    const first = await step('login', 'POST', '/login', { body: { email, password } });
    expect(first.status).toBe(200);
    secrets.push(first.body.accessToken, first.body.refreshToken);
    const refreshed = await step('refresh', 'POST', '/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    secrets.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    expectProblem(
      await step('refresh-reuse', 'POST', '/refresh', { body: { refreshToken: first.body.refreshToken } }),
      401,
      'REFRESH_TOKEN_REUSED',
    );

    const second = await step('login-again', 'POST', '/login', { body: { email, password } });
    const token: string = second.body.accessToken;
    secrets.push(token, second.body.refreshToken);
    const changed = await step('password-change', 'POST', '/me/password', {
      token,
      body: { currentPassword: password, newPassword },
    });
    expect(changed.status).toBe(204);

    const roles = await step('roles-set', 'PUT', `/users/${userId}/roles`, {
      token: admin.accessToken,
      body: { roles: ['user', 'signer'] },
    });
    expect(roles.status).toBe(200);
    const team = await step('team-create', 'POST', '/teams', { token, body: { name: `flow-${randomUUID()}` } });
    expect(team.status).toBe(201);
    const renamed = await step('team-update', 'PATCH', `/teams/${team.body.id}`, {
      token,
      body: { name: `renamed-${randomUUID()}` },
    });
    expect(renamed.status).toBe(200);

    const key = await step('api-key-create', 'POST', '/api-keys', { token, body: { name: 'ci' } });
    expect(key.status).toBe(201);
    secrets.push(key.body.key);
    expect((await step('api-key-revoke', 'DELETE', `/api-keys/${key.body.id}`, { token })).status).toBe(204);

    const secretText = `the launch code ${randomUUID()}`;
    const passphrase = `passphrase ${randomUUID()}`;
    secrets.push(secretText, passphrase);
    const secret = await step('secret-create', 'POST', '/secrets', {
      token,
      body: { secret: secretText, passphrase, ttl: 600 },
    });
    expect(secret.status).toBe(201);
    secrets.push(secret.body.secretKey);
    const revealed = await step('secret-reveal', 'POST', `/secrets/${secret.body.secretKey}`, {
      body: { passphrase },
    });
    expect(revealed.body).toEqual({ secret: secretText });

    // A helpdesk user (users:write) who tries to make someone an admin is refused, and that is recorded.
    const helpdesk = await new Delegation(app, admin).user('helpdesk', ['users:read', 'users:write']);
    secrets.push(helpdesk.password, helpdesk.accessToken);
    expectProblem(
      await step('grant-denied', 'PUT', `/users/${userId}/roles`, {
        token: helpdesk.accessToken,
        body: { roles: ['user', 'admin'] },
      }),
      403,
      'ESCALATION_DENIED',
    );

    expect((await step('logout', 'POST', '/logout', { token })).status).toBe(204);
    const last = await app.login(email, newPassword);
    secrets.push(last.accessToken, last.refreshToken);
    const deleted = await step('delete-account', 'DELETE', '/me', {
      token: last.accessToken,
      body: { password: newPassword },
    });
    expect(deleted.status).toBe(204);

    events = await allEvents();
    const user = { targetType: 'user', targetId: userId };
    const expected: [step: string, action: string, actorId: string | null, fields: Partial<Event>][] = [
      ['register', 'user.registered', userId, user],
      ['login-failure', 'auth.login.failure', userId, { ...user, details: { reason: 'wrong-password' } }],
      ['login-unknown', 'auth.login.failure', null, { targetId: null, details: { reason: 'unknown-email' } }],
      ['login', 'auth.login.success', userId, { ...user, details: { sessionId: first.body.sessionId } }],
      ['refresh-reuse', 'auth.refresh.reuse', userId, { targetType: 'session', targetId: first.body.sessionId }],
      ['login-again', 'auth.login.success', userId, user],
      ['password-change', 'user.password.changed', userId, user],
      ['roles-set', 'user.roles.set', admin.id, { ...user, details: { before: ['user'], after: ['user', 'signer'] } }],
      ['team-create', 'team.created', userId, { targetType: 'team', targetId: team.body.id }],
      ['team-update', 'team.updated', userId, { targetType: 'team', targetId: team.body.id }],
      ['api-key-create', 'api-key.created', userId, { targetType: 'api-key', targetId: key.body.id }],
      ['api-key-revoke', 'api-key.revoked', userId, { targetType: 'api-key', targetId: key.body.id }],
      ['secret-create', 'secret.created', userId, { targetType: 'secret', targetId: secret.body.id }],
      ['secret-reveal', 'secret.revealed', null, { targetType: 'secret', targetId: secret.body.id }],
      ['grant-denied', 'grant.denied', helpdesk.id, user],
      ['logout', 'auth.logout', userId, { targetType: 'session', targetId: second.body.sessionId }],
      ['delete-account', 'user.deleted', userId, { ...user, details: { self: true, sessionsRevoked: 1 } }],
    ];
    for (const [name, action, actorId, fields] of expected) {
      const event = eventOf(name, action);
      expect({ name, ...event }).toMatchObject({ name, actorId, ip: steps.get(name)!.ip, via: 'api', ...fields });
    }
    expect(eventOf('api-key-create', 'api-key.created').details).toMatchObject({ userId, name: 'ci' });
    expect(eventOf('grant-denied', 'grant.denied').details).toMatchObject({ code: 'ESCALATION_DENIED' });
    // A plain refresh is not a security event; nothing else came from these requests either.
    const flowIds = new Set([...steps.values()].map((s) => s.requestId));
    expect(events.filter((e) => e.requestId && flowIds.has(e.requestId))).toHaveLength(expected.length);
  });

  it('holds no password, token, API key, secret, secret key or passphrase anywhere', async () => {
    expect(secrets.length).toBeGreaterThan(15);
    const everything = JSON.stringify(events);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // Also as stored, hashes and all, in case the API left a column out.
    const rows = JSON.stringify(await rawRows());
    for (const secret of secrets) expect(rows).not.toContain(secret);
  });

  it('forms a chain that verifies', async () => {
    const report = await app.app.get(VerifyAuditChainInteractor).execute();
    expect(report).toEqual({ events: expect.any(Number), firstBreak: null });
    expect(report.events).toBeGreaterThanOrEqual(events.length);
  });

  async function allEvents(): Promise<Event[]> {
    const all: Event[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await app.request('GET', `/audit?limit=200&offset=${offset}`, { token: admin.accessToken });
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      if (all.length >= page.body.total) return all;
    }
  }

  async function rawRows(): Promise<unknown[]> {
    const { DataSource } = await import('typeorm');
    return app.app.get(DataSource).query('SELECT * FROM audit_events');
  }
});
