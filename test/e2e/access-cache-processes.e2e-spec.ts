import { randomBytes } from 'node:crypto';
import { TestApp, TestUser } from '../support/test-app';

/**
 * Each process keeps what requests need about their caller (account, roles, permissions, teams) in memory. Two
 * instances of the service on one database (and, on PostgreSQL, one Redis), as two worker processes would run:
 * both have the caller's view cached, a change goes through one, and the very next request in the other (and in
 * the same one) already sees it. On SQLite the two instances hold two connections to one file, as two workers do.
 */
describe('the access cache across two processes', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    a = await TestApp.start();
    b = await a.sibling();
    admin = await a.newAdmin();
  }, 60000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** `GET /audit` (needs audit:read) as the caller, on both instances. */
  async function auditStatuses(credential: { token?: string; apiKey?: string }): Promise<number[]> {
    return Promise.all([a, b].map(async (app) => (await app.request('GET', '/audit?limit=1', credential)).status));
  }

  async function meOnBoth(token: string): Promise<{ status: number; body: any }[]> {
    return Promise.all([a, b].map((app) => app.request('GET', '/me', { token })));
  }

  /** Asks twice on each instance, so that each has the view cached (and served it once from its memory). */
  async function warm(credential: { token?: string; apiKey?: string }): Promise<number[]> {
    await auditStatuses(credential);
    if (credential.token) await meOnBoth(credential.token);
    return auditStatuses(credential);
  }

  async function as(method: string, route: string, body?: unknown): Promise<any> {
    const result = await a.request(method, route, { token: admin.accessToken, body });
    if (result.status >= 300) throw new Error(`${method} ${route}: ${result.status} ${result.text}`);
    return result.body;
  }

  async function newRole(permissions: string[]): Promise<{ id: string; name: string }> {
    return as('POST', '/roles', { name: `auditor-${randomBytes(4).toString('hex')}`, permissions });
  }

  it("a user's roles changed in one process apply to the next request in both", async () => {
    const user = await a.newUser('roles');
    const role = await newRole(['audit:read']);
    expect(await warm({ token: user.accessToken })).toEqual([403, 403]);

    await as('PUT', `/users/${user.id}/roles`, { roles: ['user', role.name] });
    expect(await auditStatuses({ token: user.accessToken })).toEqual([200, 200]);
    for (const me of await meOnBoth(user.accessToken)) {
      expect(me.body.roles).toEqual([role.name, 'user'].sort());
      expect(me.body.permissions).toContain('audit:read');
    }

    await as('PUT', `/users/${user.id}/roles`, { roles: ['user'] });
    expect(await auditStatuses({ token: user.accessToken })).toEqual([403, 403]);
  });

  it("a role's permissions changed, then the role deleted, apply at once", async () => {
    const role = await newRole(['audit:read']);
    const user = await a.newUser('role-change');
    await as('PUT', `/users/${user.id}/roles`, { roles: ['user', role.name] });
    expect(await warm({ token: user.accessToken })).toEqual([200, 200]);

    await as('PATCH', `/roles/${role.id}`, { permissions: ['users:read'] });
    expect(await auditStatuses({ token: user.accessToken })).toEqual([403, 403]);
    for (const me of await meOnBoth(user.accessToken)) expect(me.body.permissions).toEqual(['users:read']);

    await as('PATCH', `/roles/${role.id}`, { permissions: ['audit:read'] });
    expect(await warm({ token: user.accessToken })).toEqual([200, 200]);
    await as('DELETE', `/roles/${role.id}`);
    expect(await auditStatuses({ token: user.accessToken })).toEqual([403, 403]);
  });

  it("a team's role removed, and a member removed, apply at once", async () => {
    const role = await newRole(['audit:read']);
    const user = await a.newUser('team');
    const team = await as('POST', '/teams', { name: `team-${randomBytes(4).toString('hex')}` });
    await as('POST', `/teams/${team.id}/members`, { userId: user.id, role: 'member' });
    await as('PUT', `/teams/${team.id}/roles`, { roles: [role.name] });
    expect(await warm({ token: user.accessToken })).toEqual([200, 200]);

    await as('PUT', `/teams/${team.id}/roles`, { roles: [] });
    expect(await auditStatuses({ token: user.accessToken })).toEqual([403, 403]);

    await as('PUT', `/teams/${team.id}/roles`, { roles: [role.name] });
    expect(await warm({ token: user.accessToken })).toEqual([200, 200]);
    await as('DELETE', `/teams/${team.id}/members/${user.id}`);
    expect(await auditStatuses({ token: user.accessToken })).toEqual([403, 403]);
    for (const me of await meOnBoth(user.accessToken)) expect(me.body.teams).toEqual([]);
  });

  it('a name changed in one process shows in /me of the other', async () => {
    const user = await a.newUser('rename');
    await meOnBoth(user.accessToken);
    await meOnBoth(user.accessToken);
    const renamed = await a.request('PATCH', '/me', { token: user.accessToken, body: { name: 'Renamed' } });
    expect(renamed.status).toBe(200);
    for (const me of await meOnBoth(user.accessToken)) expect(me.body.name).toBe('Renamed');
  });

  it('a deactivated account loses its API key at once; a revoked session and a deleted key stop at once', async () => {
    const role = await newRole(['audit:read']);
    const user = await a.newUser('deactivate');
    await as('PUT', `/users/${user.id}/roles`, { roles: ['user', role.name] });
    const created = await a.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'job' } });
    const apiKey: string = created.body.key;
    expect(await warm({ apiKey })).toEqual([200, 200]);
    expect(await warm({ token: user.accessToken })).toEqual([200, 200]);

    await as('PATCH', `/users/${user.id}`, { active: false });
    expect((await auditStatuses({ apiKey })).every((status) => status === 401 || status === 403)).toBe(true);
    expect(await auditStatuses({ token: user.accessToken })).toEqual([401, 401]);

    await as('PATCH', `/users/${user.id}`, { active: true });
    expect(await warm({ apiKey })).toEqual([200, 200]);
    expect((await a.request('DELETE', `/api-keys/${created.body.id}`, { apiKey })).status).toBe(204);
    expect(await auditStatuses({ apiKey })).toEqual([401, 401]);

    const session = await a.login(user.email, user.password);
    expect(await warm({ token: session.accessToken })).toEqual([200, 200]);
    expect((await a.request('DELETE', `/sessions/${session.sessionId}`, { token: session.accessToken })).status).toBe(
      204,
    );
    expect(await auditStatuses({ token: session.accessToken })).toEqual([401, 401]);
  });

  it('a token verified before still needs its own signature, and its session, on every request', async () => {
    const user = await a.newUser('verified');
    expect((await a.request('GET', '/me', { token: user.accessToken })).status).toBe(200);
    const [head, body, signature] = user.accessToken.split('.');
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    const forged = `${head}.${body}.${signature.slice(0, 10)}${flipped}${signature.slice(11)}`;
    expect((await a.request('GET', '/me', { token: forged })).status).toBe(401);

    expect((await a.request('POST', '/logout', { token: user.accessToken })).status).toBe(204);
    expect((await a.request('GET', '/me', { token: user.accessToken })).status).toBe(401);
  });
});
