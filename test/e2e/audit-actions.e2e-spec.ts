import { randomUUID } from 'node:crypto';
import { AUDIT_ACTIONS } from '@keyward/kernel';
import { HttpResult, RequestOptions, TestApp, TestUser } from '../support/test-app';

interface Expected {
  requestId: string;
  action: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Recorded by the account-life flow (audit-trail.e2e-spec.ts) rather than here; signing has its own suites. */
const RECORDED_BY_THE_FLOW = [
  'user.registered',
  'auth.login.success',
  'auth.login.failure',
  'auth.refresh.reuse',
  'user.password.changed',
  'user.roles.set',
  'api-key.revoked',
  'team.updated',
  'secret.revealed',
  'grant.denied',
  // Recorded, and checked, by account-links.e2e-spec.ts.
  'email.verification.sent',
  'email.verified',
  'password.reset.requested',
  'password.reset',
  // Recorded by the passkeys browser suite (passkeys-browser.e2e-spec.ts), which needs chromium.
  'passkey.registered',
  'passkey.deleted',
  'auth.login.passkey.success',
  'auth.login.passkey.failure',
];

/** Recorded, each checked, by the MFA suite (mfa-totp.e2e-spec.ts). */
const RECORDED_BY_THE_MFA_SUITE = [
  'auth.login.mfa-required',
  'auth.login.mfa.success',
  'auth.login.mfa.failure',
  'mfa.totp.enrolled',
  'mfa.totp.confirmed',
  'mfa.totp.disabled',
  'mfa.recovery-codes.regenerated',
  'mfa.recovery-code.used',
  'mfa.verification.failure',
];

/**
 * Administration, access control and secrets: each change is recorded once, by whom, on what, in the request
 * that made it. Together with the account-life flow, every action of the catalogue but signing's is exercised.
 */
describe('audit events of administration, access control and secrets', () => {
  let app: TestApp;
  let admin: TestUser;
  const expected: Expected[] = [];
  const passwords: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  /** Sends a request that must answer `status`; the event it causes is expected as described. */
  async function act(
    by: TestUser | null,
    method: string,
    route: string,
    status: number,
    options: RequestOptions = {},
  ): Promise<HttpResult & { requestId: string }> {
    const result = await app.request(method, route, { ...options, ...(by ? { token: by.accessToken } : {}) });
    expect({ route, status: result.status, body: result.body }).toMatchObject({ route, status });
    return { ...result, requestId: result.headers.get('x-request-id')! };
  }
  const expect1 = (
    result: { requestId: string },
    action: string,
    actorId: string | null,
    target: [string | null, string | null],
    details?: Record<string, unknown>,
  ) =>
    expected.push({
      requestId: result.requestId,
      action,
      actorId,
      targetType: target[0],
      targetId: target[1],
      details,
    });

  it('records account administration', async () => {
    const email = `managed-${randomUUID()}@example.com`;
    const password = `managed passphrase ${randomUUID()}`;
    const newPassword = `reset passphrase ${randomUUID()}`;
    passwords.push(password, newPassword);
    const created = await act(admin, 'POST', '/users', 201, { body: { email, password, roles: ['user'] } });
    const userId: string = created.body.id;
    const user = ['user', userId] as [string, string];
    expect1(created, 'user.created', admin.id, user, { email, roles: ['user'] });
    expect1(created, 'api-key.created', admin.id, ['api-key', created.body.apiKey.id], { userId, name: 'default' });

    const updated = await act(admin, 'PATCH', `/users/${userId}`, 200, {
      body: { name: 'Managed', password: newPassword },
    });
    expect1(updated, 'user.updated', admin.id, user, { fields: ['name', 'password'], sessionsRevoked: 0 });

    const first = await app.login(email, newPassword);
    const second = await app.login(email, newPassword);
    const own = await act({ ...admin, accessToken: second.accessToken }, 'DELETE', `/sessions/${first.sessionId}`, 204);
    expect1(own, 'session.revoked', userId, ['session', first.sessionId]);
    const revoked = await act(admin, 'DELETE', `/users/${userId}/sessions`, 204);
    expect1(revoked, 'user.sessions.revoked', admin.id, user, { sessionsRevoked: 1 });

    const keyId = created.body.apiKey.id;
    const key = await act(admin, 'PATCH', `/users/${userId}/api-keys/${keyId}`, 200, { body: { active: false } });
    expect1(key, 'api-key.updated', admin.id, ['api-key', keyId], { userId, name: 'default', active: false });

    const third = await app.login(email, newPassword);
    const profile = await act({ ...admin, accessToken: third.accessToken }, 'PATCH', '/me', 200, {
      body: { name: 'Renamed' },
    });
    expect1(profile, 'user.updated', userId, user, { fields: ['name'] });
    const everywhere = await act({ ...admin, accessToken: third.accessToken }, 'POST', '/logout-all', 204);
    expect1(everywhere, 'auth.logout', userId, user, { everywhere: true, sessionsRevoked: 1 });
    const token = await act(null, 'POST', '/token', 200, { body: { email, password: newPassword } });
    expect1(token, 'auth.token.issued', userId, user);

    const deactivated = await act(admin, 'PATCH', `/users/${userId}`, 200, { body: { active: false } });
    expect1(deactivated, 'user.deactivated', admin.id, user, { sessionsRevoked: 1 });
    const deleted = await act(admin, 'DELETE', `/users/${userId}`, 204);
    expect1(deleted, 'user.deleted', admin.id, user, { self: false, sessionsRevoked: 0 });
  });

  it('records roles, teams and their members', async () => {
    const name = `auditors-${randomUUID().slice(0, 8)}`;
    const role = await act(admin, 'POST', '/roles', 201, { body: { name, permissions: ['audit:read'] } });
    expect1(role, 'role.created', admin.id, ['role', role.body.id], { name, permissions: ['audit:read'] });
    const changed = await act(admin, 'PATCH', `/roles/${role.body.id}`, 200, {
      body: { permissions: ['audit:read', 'users:read'] },
    });
    expect1(changed, 'role.updated', admin.id, ['role', role.body.id], {
      before: { name, permissions: ['audit:read'] },
      after: { name, permissions: ['audit:read', 'users:read'] },
    });
    const gone = await act(admin, 'DELETE', `/roles/${role.body.id}`, 204);
    expect1(gone, 'role.deleted', admin.id, ['role', role.body.id]);

    const member = await app.newUser('member');
    const team = await act(admin, 'POST', '/teams', 201, { body: { name: `team-${randomUUID()}` } });
    const t = ['team', team.body.id] as [string, string];
    expect1(team, 'team.created', admin.id, t);
    const added = await act(admin, 'POST', `/teams/${team.body.id}/members`, 201, {
      body: { userId: member.id, role: 'member' },
    });
    expect1(added, 'team.member.added', admin.id, t, { userId: member.id, role: 'member' });
    const promoted = await act(admin, 'PATCH', `/teams/${team.body.id}/members/${member.id}`, 200, {
      body: { role: 'maintainer' },
    });
    expect1(promoted, 'team.member.changed', admin.id, t, { userId: member.id, from: 'member', to: 'maintainer' });
    const roles = await act(admin, 'PUT', `/teams/${team.body.id}/roles`, 200, { body: { roles: ['signer'] } });
    expect1(roles, 'team.roles.set', admin.id, t, { before: [], after: ['signer'] });
    const removed = await act(admin, 'DELETE', `/teams/${team.body.id}/members/${member.id}`, 204);
    expect1(removed, 'team.member.removed', admin.id, t, { userId: member.id, from: 'maintainer', to: null });
    const deleted = await act(admin, 'DELETE', `/teams/${team.body.id}`, 204);
    expect1(deleted, 'team.deleted', admin.id, t);
  });

  it('records visibility groups and resources', async () => {
    const member = await app.newUser('grouped');
    const group = await act(admin, 'POST', '/visibility-groups', 201, { body: { name: `g-${randomUUID()}` } });
    const g = ['visibility-group', group.body.id] as [string, string];
    expect1(group, 'group.created', admin.id, g);
    expect1(
      await act(admin, 'PATCH', `/visibility-groups/${group.body.id}`, 200, { body: { name: `h-${randomUUID()}` } }),
      'group.updated',
      admin.id,
      g,
    );
    const added = await act(admin, 'POST', `/visibility-groups/${group.body.id}/members`, 201, {
      body: { userId: member.id },
    });
    expect1(added, 'group.member.added', admin.id, g, { memberType: 'user', memberId: member.id });
    const removed = await act(admin, 'DELETE', `/visibility-groups/${group.body.id}/members/${member.id}`, 204);
    expect1(removed, 'group.member.removed', admin.id, g, { memberId: member.id });

    const resource = await act(admin, 'POST', '/resources', 201, {
      body: { type: 'document', name: 'plan', visibilityGroupIds: [group.body.id] },
    });
    const r = ['resource', resource.body.id] as [string, string];
    expect1(resource, 'resource.created', admin.id, r, { type: 'document', name: 'plan' });
    const renamed = await act(admin, 'PATCH', `/resources/${resource.body.id}`, 200, { body: { name: 'plan b' } });
    expect1(renamed, 'resource.updated', admin.id, r, { fields: ['name'] });
    expect1(await act(admin, 'DELETE', `/resources/${resource.body.id}`, 204), 'resource.deleted', admin.id, r);
    expect1(await act(admin, 'DELETE', `/visibility-groups/${group.body.id}`, 204), 'group.deleted', admin.id, g);
  });

  it('records secrets burned by their creator and destroyed by wrong passphrases', async () => {
    const body = { secret: `burn me ${randomUUID()}`, passphrase: `pp ${randomUUID()}` };
    passwords.push(body.secret, body.passphrase);
    const mine = await act(admin, 'POST', '/secrets', 201, { body });
    expect1(mine, 'secret.created', admin.id, ['secret', mine.body.id]);
    const burned = await act(admin, 'DELETE', `/secrets/${mine.body.id}`, 204);
    expect1(burned, 'secret.burned', admin.id, ['secret', mine.body.id]);

    const anonymous = await act(null, 'POST', '/secrets', 201, { body });
    expect1(anonymous, 'secret.created', null, ['secret', anonymous.body.id]);
    let last: HttpResult & { requestId: string } = anonymous;
    for (let i = 0; i < 5; i++)
      last = await act(null, 'POST', `/secrets/${anonymous.body.secretKey}`, 403, { body: { passphrase: 'no' } });
    expect1(last, 'secret.destroyed-by-attempts', null, ['secret', anonymous.body.id], { attempts: 5 });
  });

  it('has each of these events exactly once, and none of the passwords or secrets', async () => {
    const page = await app.request('GET', '/audit?limit=200', { token: admin.accessToken });
    const events: any[] = page.body.items;
    expect(page.body.total).toBeLessThanOrEqual(200);
    for (const want of expected) {
      const found = events.filter((e) => e.requestId === want.requestId && e.action === want.action);
      expect({ action: want.action, found: found.length }).toEqual({ action: want.action, found: 1 });
      const { details, ...fields } = want;
      expect(found[0]).toMatchObject({ ...fields, ip: '127.0.0.1', via: 'api', ...(details ? { details } : {}) });
    }
    const everything = JSON.stringify(events);
    for (const secret of passwords) expect(everything).not.toContain(secret);
  });

  it('exercises, with the account-life flow, every action of the catalogue but signing', () => {
    const exercised = new Set([
      ...expected.map((e) => e.action),
      ...RECORDED_BY_THE_FLOW,
      ...RECORDED_BY_THE_MFA_SUITE,
    ]);
    const untested = Object.keys(AUDIT_ACTIONS).filter((a) => !a.startsWith('signing.') && !exercised.has(a));
    expect(untested).toEqual([]);
  });
});
