import { Delegation } from '../support/delegation';
import { gpgVerify, newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, TestApp, TestUser } from '../support/test-app';

/**
 * Scoped API keys (CONTRACT.md, Identity): a key acts with the intersection of its `permissions` and what its owner
 * holds at each request, everywhere the caller's permissions are read; nobody puts on a key what they lack.
 */
describe('scoped API keys', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let delegation: Delegation;

  beforeAll(async () => {
    signing = await startSigningApp({ env: { RATE_LIMIT_ENABLED: 'false' } });
    app = signing.app;
    admin = await app.newAdmin();
    delegation = new Delegation(app, admin);
  }, 60_000);
  afterAll(() => signing?.close());

  const createKey = (user: TestUser, body: Record<string, unknown>) =>
    app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'ci', ...body } });
  const keyOf = async (user: TestUser, permissions: string[] | null) => {
    const created = await createKey(user, { permissions });
    expect(created.status).toBe(201);
    return created.body.key as string;
  };
  const sign = (apiKey: string, keyid = signing.gpg.keys[0].keyid, data = 'release 1.0\n') =>
    app.request('POST', `/sign?keyid=${keyid}`, { apiKey, form: formOf(['file', 'release.txt', data]) });
  const me = async (apiKey: string) => (await app.request('GET', '/me', { apiKey })).body.permissions;

  it('hands a CI job a key limited to signing:sign: it signs, but cannot list users although its owner is admin', async () => {
    const created = await createKey(admin, { name: 'release job', permissions: ['signing:sign', 'signing:sign'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'release job', permissions: ['signing:sign'] });
    const key = created.body.key as string;

    const data = 'release 1.0\n';
    const signed = await sign(key, signing.gpg.keys[0].keyid, data);
    expect(signed.status).toBe(200);
    const publicKey = (await app.request('GET', `/signing-keys/${signing.gpg.keys[0].keyid}/public`)).text;
    expect(gpgVerify(publicKey, signed.text, Buffer.from(data)).fingerprint).toBe(signing.gpg.keys[0].fingerprint);

    expectProblem(await app.request('GET', '/users', { apiKey: key }), 403, 'FORBIDDEN');
    expect((await app.request('GET', '/users', { token: admin.accessToken })).status).toBe(200);
    // /me shows what the key may do, not everything its owner holds.
    expect(await me(key)).toEqual(['signing:sign']);
    expect((await app.request('GET', '/me', { token: admin.accessToken })).body.permissions).toContain('users:read');

    const listed = await app.request('GET', '/api-keys', { token: admin.accessToken });
    expect(listed.body.items.find((k: any) => k.id === created.body.id).permissions).toEqual(['signing:sign']);
    const unscoped = await createKey(admin, { name: 'everything' });
    expect(unscoped.body.permissions).toBeNull();
  });

  it('narrows the authorize API, metrics, resource visibility and signing-key access to the scope', async () => {
    const key = await keyOf(admin, ['signing:sign']);
    const ask = (body: Record<string, unknown>) => app.request('POST', '/authorize', { apiKey: key, body });
    expect((await ask({ permission: 'signing:sign' })).body.allowed).toBe(true);
    expect((await ask({ permission: 'users:read' })).body).toEqual({
      allowed: false,
      reason: "the API key's scope does not include users:read",
    });
    // Asking about someone else needs authz:check, which the key lacks although its owner holds it.
    const someone = await app.newUser('someone');
    expectProblem(await ask({ permission: 'users:read', userId: someone.id }), 403, 'FORBIDDEN');
    const checker = await keyOf(admin, ['authz:check']);
    const about = { permission: 'signing:sign', userId: admin.id };
    expect((await app.request('POST', '/authorize', { apiKey: checker, body: about })).body.allowed).toBe(false);
    expect((await app.request('POST', '/authorize', { token: admin.accessToken, body: about })).body.allowed).toBe(
      true,
    );
    expectProblem(await app.request('GET', '/metrics', { apiKey: key }), 403, 'FORBIDDEN');
    expect((await app.request('GET', '/metrics', { apiKey: await keyOf(admin, ['metrics:read']) })).status).toBe(200);

    // A signing key kept to a team: the admin owner sees it as resources:manage, the signing-only key does not.
    const [, ed] = signing.gpg.keys;
    const resources = await app.request('GET', '/resources?type=signing-key', { token: admin.accessToken });
    const resource = resources.body.items.find((r: any) => r.name === ed.fingerprint);
    // Made by someone else: its creator becomes a member, and the admin must not be one.
    const team = await app.request('POST', '/teams', { token: someone.accessToken, body: { name: 'release' } });
    const patch = (ownerTeamId: string | null) =>
      app.request('PATCH', `/resources/${resource.id}`, { token: admin.accessToken, body: { ownerTeamId } });
    expect((await patch(team.body.id)).status).toBe(200);
    try {
      expectProblem(await sign(key, ed.keyid), 403, 'KEY_NOT_ALLOWED');
      const visible = await app.request('GET', '/signing-keys', { apiKey: key });
      expect(visible.body.items.map((k: any) => k.keyid)).not.toContain(ed.keyid);
      expect((await app.request('GET', `/resources/${resource.id}`, { apiKey: key })).status).toBe(404);
      const manager = await keyOf(admin, ['signing:sign', 'resources:manage']);
      expect((await sign(manager, ed.keyid)).status).toBe(200);
    } finally {
      expect((await patch(null)).status).toBe(200);
    }
  });

  it('shrinks with its owner: demoting the owner takes the permission from the key at the next request', async () => {
    const owner = await delegation.admin2();
    const key = await keyOf(owner, ['signing:sign', 'users:read']);
    expect((await app.request('GET', '/users?limit=1', { apiKey: key })).status).toBe(200);
    await delegation.setRoles(owner, ['user', 'signer']);
    expectProblem(await app.request('GET', '/users?limit=1', { apiKey: key }), 403, 'FORBIDDEN');
    expect(await me(key)).toEqual(['signing:sign']);
    expect((await sign(key)).status).toBe(200);
    await delegation.setRoles(owner, ['user']);
    expectProblem(await sign(key), 403, 'FORBIDDEN');
    expect(await me(key)).toEqual([]);
    // Promoting the owner again brings back only what the scope lists.
    await delegation.setRoles(owner, ['user', 'admin']);
    expect(await me(key)).toEqual(['signing:sign', 'users:read']);
  });

  it('refuses a scope with permissions the caller lacks (403 ESCALATION_DENIED), also on the admin route', async () => {
    const signer = await newSigner(app, admin);
    const denied = await createKey(signer, { permissions: ['signing:sign', 'users:read'] });
    expectProblem(denied, 403, 'ESCALATION_DENIED');
    expect(denied.body.detail).toContain('users:read');
    expect((await createKey(signer, { permissions: ['signing:sign'] })).status).toBe(201);

    // A helpdesk (users:read + users:write) manages plain users' keys, but cannot scope them beyond its own.
    const helpdesk = await delegation.user('helpdesk', ['users:read', 'users:write']);
    const plain = await app.newUser('plain');
    const forPlain = (permissions: string[]) =>
      app.request('POST', `/users/${plain.id}/api-keys`, {
        token: helpdesk.accessToken,
        body: { name: 'for plain', permissions },
      });
    expectProblem(await forPlain(['audit:read']), 403, 'ESCALATION_DENIED');
    // As with roles, the rule asks what the caller holds; the key then acts with what the owner holds of it.
    const allowed = await forPlain(['users:read']);
    expect(allowed.status).toBe(201);
    expect(allowed.body.permissions).toEqual(['users:read']);
    expect(await me(allowed.body.key)).toEqual([]);
    expectProblem(await app.request('GET', '/users', { apiKey: allowed.body.key }), 403, 'FORBIDDEN');
    const keys = await app.request('GET', `/users/${plain.id}/api-keys`, { token: helpdesk.accessToken });
    expect(keys.body.items.map((k: any) => k.permissions)).toEqual([['users:read']]);
  });

  it('keeps a scoped key from minting a wider key or acting as the administrator its owner is', async () => {
    const key = await keyOf(admin, ['signing:sign']);
    const mint = (body: Record<string, unknown>) =>
      app.request('POST', '/api-keys', { apiKey: key, body: { name: 'wider', ...body } });
    expectProblem(await mint({}), 403, 'ESCALATION_DENIED');
    expectProblem(await mint({ permissions: ['users:write'] }), 403, 'ESCALATION_DENIED');
    expect((await mint({ permissions: ['signing:sign'] })).status).toBe(201);

    // users:write through an admin's key still does not make it an admin: another admin is out of its reach.
    const other = await delegation.admin2();
    const writer = await keyOf(admin, ['users:read', 'users:write']);
    const patched = await app.request('PATCH', `/users/${other.id}`, { apiKey: writer, body: { name: 'taken' } });
    expectProblem(patched, 403, 'ESCALATION_DENIED');
    expect(
      (await app.request('PATCH', `/users/${other.id}`, { token: admin.accessToken, body: { name: 'ok' } })).status,
    ).toBe(200);
  });

  it('accepts an empty scope (a key holding nothing) and refuses unknown or malformed permissions', async () => {
    const empty = await createKey(admin, { permissions: [] });
    expect(empty.body.permissions).toEqual([]);
    expect(await me(empty.body.key)).toEqual([]);
    expectProblem(await app.request('GET', '/audit', { apiKey: empty.body.key }), 403, 'FORBIDDEN');

    const unknown = await createKey(admin, { permissions: ['signing:sign', 'nope:nothing', 'users:fly'] });
    expectProblem(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.errors).toEqual([
      { field: 'permissions', message: 'unknown permission: nope:nothing, users:fly' },
    ]);
    for (const permissions of ['signing:sign', [1], [null], { 0: 'signing:sign' }])
      expectProblem(await createKey(admin, { permissions }), 400, 'VALIDATION_FAILED');
    const adminRoute = await app.request('POST', `/users/${admin.id}/api-keys`, {
      token: admin.accessToken,
      body: { name: 'x', permissions: ['nope:nothing'] },
    });
    expectProblem(adminRoute, 400, 'VALIDATION_FAILED');
  });
});
