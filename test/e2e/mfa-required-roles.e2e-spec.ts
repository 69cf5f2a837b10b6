import { generateSync } from 'otplib';
import { expectProblem, TestApp } from '../support/test-app';

/** MFA_REQUIRED_ROLES=admin: an admin's session reaches only /me, the MFA routes and logout until TOTP is on. */
describe('MFA_REQUIRED_ROLES', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ MFA_REQUIRED_ROLES: ' admin , auditor' });
  });
  afterAll(() => app.close());

  it('holds back an admin without a second factor, everywhere but /me, /mfa and logout', async () => {
    const admin = await app.newAdmin();
    const token = admin.accessToken;
    for (const [method, route] of [
      ['GET', '/users'],
      ['GET', '/sessions'],
      ['PATCH', '/me'],
      ['POST', '/api-keys'],
    ])
      expectProblem(
        await app.request(method, route, { token, body: method === 'GET' ? undefined : {} }),
        403,
        'MFA_ENROLLMENT_REQUIRED',
      );
    expect((await app.request('GET', '/me', { token })).status).toBe(200);
    expect((await app.request('GET', '/mfa', { token })).status).toBe(200);
    // Public routes serve the session as they would anyone.
    expect((await app.request('GET', '/health', { token })).status).toBe(200);
    // Logging out is allowed, and ends the session.
    const other = await app.login(admin.email, admin.password);
    expect((await app.request('POST', '/logout', { token: other.accessToken })).status).toBe(204);
    expectProblem(await app.request('GET', '/me', { token: other.accessToken }), 401, 'UNAUTHENTICATED');
  });

  it('lets the admin in once TOTP is enrolled and confirmed', async () => {
    const admin = await app.newAdmin();
    const started = await app.request('POST', '/mfa/totp', {
      token: admin.accessToken,
      body: { password: admin.password },
    });
    expect(started.status).toBe(200);
    // Pending is not enough.
    expectProblem(await app.request('GET', '/users', { token: admin.accessToken }), 403, 'MFA_ENROLLMENT_REQUIRED');
    const code = generateSync({ secret: started.body.secret });
    const confirmed = await app.request('POST', '/mfa/totp/confirm', { token: admin.accessToken, body: { code } });
    expect(confirmed.status).toBe(200);
    expect((await app.request('GET', '/users', { token: admin.accessToken })).status).toBe(200);
  });

  it('leaves members of other roles alone', async () => {
    const user = await app.newUser();
    expect((await app.request('GET', '/sessions', { token: user.accessToken })).status).toBe(200);
    expect((await app.request('PATCH', '/me', { token: user.accessToken, body: { name: 'x' } })).status).toBe(200);
  });
});
