import { TestApp } from '../support/test-app';

/**
 * Every route makes a permission decision: public, a required permission (listed in the OpenAPI document as
 * x-required-permissions), or self-service for any authenticated user, where the interactor scopes what the
 * caller reaches (their own account, teams they belong to, resources they see). A new route must pick one.
 */
const SELF_SERVICE = new Set([
  'POST /auth/logout',
  'POST /auth/logout-all',
  'GET /auth/me',
  'PATCH /auth/me',
  'DELETE /auth/me',
  'POST /auth/me/password',
  'GET /auth/mfa',
  'POST /auth/mfa/totp',
  'POST /auth/mfa/totp/confirm',
  'DELETE /auth/mfa/totp',
  'POST /auth/mfa/recovery-codes',
  'GET /auth/sessions',
  'DELETE /auth/sessions/{id}',
  'GET /auth/api-keys',
  'POST /auth/api-keys',
  'PATCH /auth/api-keys/{id}',
  'DELETE /auth/api-keys/{id}',
  'POST /auth/passkeys/registration/options',
  'POST /auth/passkeys',
  'GET /auth/passkeys',
  'DELETE /auth/passkeys/{id}',
  'POST /auth/email/verification',
  'POST /auth/secrets', // anonymous too unless SECRETS_ANONYMOUS=false
  'GET /auth/secrets',
  'DELETE /auth/secrets/{id}',
  'GET /auth/permissions',
  'GET /auth/teams',
  'POST /auth/teams',
  'GET /auth/teams/{id}',
  'PATCH /auth/teams/{id}',
  'DELETE /auth/teams/{id}',
  'POST /auth/teams/{id}/members',
  'PATCH /auth/teams/{id}/members/{userId}',
  'DELETE /auth/teams/{id}/members/{userId}',
  'GET /auth/resources',
  'POST /auth/resources',
  'GET /auth/resources/{id}',
  'PATCH /auth/resources/{id}',
  'DELETE /auth/resources/{id}',
  'POST /auth/authorize',
  'GET /auth/signing-keys',
  'POST /auth/verify',
]);

describe('permission decisions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('gives every non-public operation a required permission or an explicit self-service decision', async () => {
    const doc = (await app.request('GET', '/openapi.json')).body;
    const undecided: string[] = [];
    const catalogue = new Set<string>();
    for (const [route, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>))
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${route}`;
        const required: string[] | undefined = op['x-required-permissions'];
        for (const permission of required ?? []) catalogue.add(permission);
        if (!op.security?.length) continue;
        if (!required?.length && !SELF_SERVICE.has(where)) undecided.push(where);
        if (required?.length && SELF_SERVICE.has(where)) undecided.push(`${where} (listed as self-service too)`);
      }
    expect(undecided).toEqual([]);
    // Every permission a route requires is in the catalogue that roles are built from.
    const admin = await app.newAdmin();
    const listed = await app.request('GET', '/permissions?limit=200', { token: admin.accessToken });
    const names = new Set(listed.body.items.map((p: { name: string }) => p.name));
    expect([...catalogue].filter((p) => !names.has(p))).toEqual([]);
  });
});
