import { generateSync } from 'otplib';
import { expectProblem, HttpResult, TestApp, TestUser } from '../support/test-app';

const STEP_SECONDS = 30;
const currentStep = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);
/** The code an authenticator app shows for that 30-second step. */
const codeAt = (secret: string, step: number) => generateSync({ secret, epoch: step * STEP_SECONDS });

/**
 * TOTP over HTTP: enrolment, confirmation, the login's second step with codes and recovery codes, /token,
 * regeneration, disabling, the per-account limit, and what the audit log keeps (never a code or secret).
 */
describe('TOTP multi-factor authentication', () => {
  let app: TestApp;
  const secrets: string[] = [];
  const logs: string[] = [];
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_MFA_FAILURES_PER_ACCOUNT: '5' }, (line) => logs.push(line));
  });
  afterAll(() => app.close());

  /** A user with TOTP enabled: its secret, the step its confirming code used, and its recovery codes. */
  async function enrolled(user: TestUser) {
    const started = await app.request('POST', '/mfa/totp', {
      token: user.accessToken,
      body: { password: user.password },
    });
    expect(started.status).toBe(200);
    const secret: string = started.body.secret;
    const step = currentStep();
    const confirmed = await app.request('POST', '/mfa/totp/confirm', {
      token: user.accessToken,
      body: { code: codeAt(secret, step) },
    });
    expect(confirmed.status).toBe(200);
    secrets.push(secret, ...confirmed.body.recoveryCodes);
    return { secret, step, recoveryCodes: confirmed.body.recoveryCodes as string[], started };
  }

  async function passwordStep(user: TestUser): Promise<string> {
    const res = await app.request('POST', '/login', { body: { email: user.email, password: user.password } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: ['totp', 'recovery'] });
    secrets.push(res.body.mfaToken);
    return res.body.mfaToken;
  }

  const secondStep = (body: Record<string, string>): Promise<HttpResult> => app.request('POST', '/login/mfa', { body });

  it('enrols with the password: a parseable otpauth URI and a server-drawn SVG QR code, pending until confirmed', async () => {
    const user = await app.newUser('enrol');
    expectProblem(
      await app.request('POST', '/mfa/totp', { token: user.accessToken, body: { password: 'not it' } }),
      401,
      'INVALID_CREDENTIALS',
    );
    const started = await app.request('POST', '/mfa/totp', {
      token: user.accessToken,
      body: { password: user.password },
    });
    expect(started.status).toBe(200);
    expect(started.headers.get('cache-control')).toBe('no-store');
    const uri = new URL(started.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Keyward:${user.email}`);
    expect(uri.searchParams.get('secret')).toBe(started.body.secret);
    expect(uri.searchParams.get('issuer')).toBe('Keyward');
    expect(started.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(started.body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);

    // Pending: logins still go straight through, and GET /mfa says not enabled.
    expect(
      (await app.request('POST', '/login', { body: { email: user.email, password: user.password } })).body,
    ).toHaveProperty('accessToken');
    const status = await app.request('GET', '/mfa', { token: user.accessToken });
    expect(status.body).toEqual({ totp: { enabled: false, enabledAt: null }, recoveryCodesLeft: 0, passkeys: 0 });
    expectProblem(
      await app.request('POST', '/mfa/totp/confirm', { token: user.accessToken, body: { code: '000000' } }),
      400,
      'INVALID_MFA_CODE',
    );
  });

  it('confirms with a code: 10 distinct recovery codes once, other sessions revoked, /me and /mfa show it', async () => {
    const user = await app.newUser('confirm');
    const other = await app.login(user.email, user.password);
    const { recoveryCodes } = await enrolled(user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expectProblem(await app.request('GET', '/me', { token: other.accessToken }), 401, 'UNAUTHENTICATED');
    const me = await app.request('GET', '/me', { token: user.accessToken });
    expect(me.body.mfa).toEqual({ totp: true, passkeys: 0 });
    const status = await app.request('GET', '/mfa', { token: user.accessToken });
    expect(status.body).toEqual({
      totp: { enabled: true, enabledAt: expect.any(String) },
      recoveryCodesLeft: 10,
      passkeys: 0,
    });
    expectProblem(
      await app.request('POST', '/mfa/totp', { token: user.accessToken, body: { password: user.password } }),
      409,
      'MFA_ALREADY_ENABLED',
    );
  });

  it('logs in with the second factor: a used step is refused (replay), the next one opens a session once', async () => {
    const user = await app.newUser('login');
    const { secret, step } = await enrolled(user);
    const mfaToken = await passwordStep(user);
    // The confirming code's step was used: the same code is a replay.
    expectProblem(await secondStep({ mfaToken, code: codeAt(secret, step) }), 401, 'INVALID_MFA_CODE');
    expectProblem(await secondStep({ mfaToken, code: '12345' }), 401, 'INVALID_MFA_CODE');
    const done = await secondStep({ mfaToken, code: codeAt(secret, step + 1) });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      sessionId: expect.any(String),
      user: { id: user.id, email: user.email, name: 'login' },
    });
    expect((await app.request('GET', '/me', { token: done.body.accessToken })).status).toBe(200);
    // The mfaToken is used up, and unknown tokens answer the same.
    expectProblem(await secondStep({ mfaToken, code: codeAt(secret, step + 1) }), 401, 'MFA_TOKEN_EXPIRED');
    expectProblem(await secondStep({ mfaToken: 'made-up', code: '123456' }), 401, 'MFA_TOKEN_EXPIRED');
    // Neither or both codes is bad input.
    const fresh = await passwordStep(user);
    expectProblem(await secondStep({ mfaToken: fresh }), 400, 'VALIDATION_FAILED');
    expectProblem(await secondStep({ mfaToken: fresh, code: '1', recoveryCode: '2' }), 400, 'VALIDATION_FAILED');
    expectProblem(await secondStep({ mfaToken: fresh, code: 'x', extra: 'y' }), 400, 'VALIDATION_FAILED');
  });

  it('accepts each recovery code once, in any case and spacing', async () => {
    const user = await app.newUser('recovery');
    const { recoveryCodes } = await enrolled(user);
    const typed = ` ${recoveryCodes[0].toUpperCase().replace('-', ' ')} `;
    const first = await secondStep({ mfaToken: await passwordStep(user), recoveryCode: typed });
    expect(first.status).toBe(200);
    expectProblem(
      await secondStep({ mfaToken: await passwordStep(user), recoveryCode: recoveryCodes[0] }),
      401,
      'INVALID_MFA_CODE',
    );
    expect((await app.request('GET', '/mfa', { token: first.body.accessToken })).body.recoveryCodesLeft).toBe(9);
  });

  it('answers /token with 403 MFA_REQUIRED for an account with TOTP, without a token', async () => {
    const user = await app.newUser('token');
    await enrolled(user);
    const res = await app.request('POST', '/token', { body: { email: user.email, password: user.password } });
    expectProblem(res, 403, 'MFA_REQUIRED');
    expect(res.text).not.toContain('token"');
    expectProblem(
      await app.request('POST', '/token', { body: { email: user.email, password: 'wrong password' } }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('limits wrong codes per account: the 6th attempt is 429 with Retry-After, even with the right code', async () => {
    const user = await app.newUser('limit');
    const { secret, step } = await enrolled(user);
    const mfaToken = await passwordStep(user);
    for (let i = 0; i < 5; i++) expectProblem(await secondStep({ mfaToken, code: '000000' }), 401, 'INVALID_MFA_CODE');
    const limited = await secondStep({ mfaToken, code: codeAt(secret, step + 1) });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The limit is the account's, on every MFA route.
    expectProblem(
      await app.request('DELETE', '/mfa/totp', {
        token: user.accessToken,
        body: { password: user.password, code: '1' },
      }),
      429,
      'RATE_LIMITED',
    );
  });

  it('regenerates recovery codes (password + code): the old ones stop working', async () => {
    const user = await app.newUser('regen');
    const { secret, step, recoveryCodes } = await enrolled(user);
    const session = await secondStep({ mfaToken: await passwordStep(user), code: codeAt(secret, step + 1) });
    const token = session.body.accessToken;
    expectProblem(
      await app.request('POST', '/mfa/recovery-codes', { token, body: { password: 'wrong', code: recoveryCodes[1] } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expectProblem(
      await app.request('POST', '/mfa/recovery-codes', { token, body: { password: user.password, code: '000000' } }),
      401,
      'INVALID_MFA_CODE',
    );
    // Every step the window allows is used by now, so a recovery code confirms.
    const regenerated = await app.request('POST', '/mfa/recovery-codes', {
      token,
      body: { password: user.password, code: recoveryCodes[1] },
    });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.recoveryCodes).toHaveLength(10);
    secrets.push(...regenerated.body.recoveryCodes);
    expect(regenerated.body.recoveryCodes).not.toContain(recoveryCodes[2]);
    expectProblem(
      await secondStep({ mfaToken: await passwordStep(user), recoveryCode: recoveryCodes[2] }),
      401,
      'INVALID_MFA_CODE',
    );
    expect(
      (await secondStep({ mfaToken: await passwordStep(user), recoveryCode: regenerated.body.recoveryCodes[0] }))
        .status,
    ).toBe(200);
  });

  it('disables TOTP with password and code: logins need the password only again', async () => {
    const user = await app.newUser('disable');
    const { recoveryCodes } = await enrolled(user);
    expectProblem(
      await app.request('DELETE', '/mfa/totp', {
        token: user.accessToken,
        body: { password: user.password, code: '000000' },
      }),
      401,
      'INVALID_MFA_CODE',
    );
    const off = await app.request('DELETE', '/mfa/totp', {
      token: user.accessToken,
      body: { password: user.password, code: recoveryCodes[0] },
    });
    expect(off.status).toBe(204);
    expect((await app.login(user.email, user.password)).accessToken).toEqual(expect.any(String));
    expectProblem(
      await app.request('DELETE', '/mfa/totp', {
        token: user.accessToken,
        body: { password: user.password, code: '000000' },
      }),
      409,
      'MFA_NOT_ENABLED',
    );
    expect((await app.request('GET', '/mfa', { token: user.accessToken })).body.totp.enabled).toBe(false);
  });

  it('audits every MFA action, and neither audit nor logs hold a code, secret or token', async () => {
    const admin = await app.newAdmin();
    const events: object[] = [];
    for (const action of [
      'auth.login.mfa-required',
      'auth.login.mfa.success',
      'auth.login.mfa.failure',
      'mfa.totp.enrolled',
      'mfa.totp.confirmed',
      'mfa.totp.disabled',
      'mfa.recovery-codes.regenerated',
      'mfa.recovery-code.used',
      'mfa.verification.failure',
    ]) {
      const page = await app.request('GET', `/audit?limit=200&action=${action}`, { token: admin.accessToken });
      expect({ action, recorded: page.body.total > 0 }).toEqual({ action, recorded: true });
      events.push(...page.body.items);
    }
    const recorded = JSON.stringify(events);
    const logged = logs.join('\n');
    expect(logged).toContain('/login/mfa');
    for (const secret of secrets) {
      expect(recorded).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});
