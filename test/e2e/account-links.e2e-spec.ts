import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RequestPasswordResetInteractor } from '@keyward/identity';
import { CaughtMail, MailCatcher } from '../support/mail-catcher';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

const PUBLIC_URL = 'https://id.example.test';
const SMTP_LOGIN = { username: 'keyward', password: `smtp pass ${randomUUID()}` };

/**
 * Email verification and password reset over a real SMTP server in this process: the mail is read as a client
 * would, and the link's token is followed.
 */
describe('email verification and password reset (SMTP)', () => {
  let smtp: MailCatcher;
  let app: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    smtp = await MailCatcher.start(SMTP_LOGIN);
    const { username, password } = SMTP_LOGIN;
    app = await TestApp.start(
      {
        SMTP_URL: `smtp://${username}:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Keyward <no-reply@example.test>',
        PUBLIC_URL,
      },
      (line) => logs.push(line),
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  /** The mails sent to the user since `before` (the SMTP server has them once the route answered). */
  async function nextMail(to: string, before: number): Promise<CaughtMail> {
    await app.app.get(RequestPasswordResetInteractor).settled();
    const mails = smtp.to(to);
    expect(mails).toHaveLength(before + 1);
    return mails[before];
  }

  async function forgot(email: string) {
    const result = await app.request('POST', '/password/forgot', { body: { email } });
    await app.app.get(RequestPasswordResetInteractor).settled();
    return result;
  }

  /** Moves the user's tokens of that purpose past their expiry, as if their lifetime had gone by. */
  async function expireTokens(userId: string, purpose: string) {
    await app.app
      .get(DataSource)
      .createQueryBuilder()
      .update('email_tokens')
      .set({ expiresAt: () => 'created_at' })
      .where('user_id = :userId AND purpose = :purpose', { userId, purpose })
      .execute();
  }

  const me = async (user: TestUser) => (await app.request('GET', '/me', { token: user.accessToken })).body;

  it('verifies an email through the mailed link, once', async () => {
    const user = await app.newUser('verify');
    expect((await me(user)).emailVerified).toBe(false);

    const sent = await app.request('POST', '/email/verification', { token: user.accessToken });
    expect(sent.status).toBe(202);
    const mail = await nextMail(user.email, 0);
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.link).toBe(`${PUBLIC_URL}/auth/email/verify?token=${mail.token}`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/auth/email/verify?token=${mail.token}"`);
    expect(Buffer.from(mail.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(smtp.logins).toContainEqual(SMTP_LOGIN);

    // The page the link opens changes nothing.
    const page = await app.request('GET', `/email/verify?token=${mail.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await me(user)).emailVerified).toBe(false);

    expect((await app.request('POST', '/email/verify', { body: { token: mail.token } })).status).toBe(204);
    expect((await me(user)).emailVerified).toBe(true);
    expectProblem(await app.request('POST', '/email/verify', { body: { token: mail.token } }), 400, 'INVALID_TOKEN');
    expectProblem(
      await app.request('POST', '/email/verification', { token: user.accessToken }),
      409,
      'EMAIL_ALREADY_VERIFIED',
    );
  });

  it('answers unknown, used and expired tokens identically, and only the latest link works', async () => {
    const user = await app.newUser('tokens');
    await app.request('POST', '/email/verification', { token: user.accessToken });
    const first = await nextMail(user.email, 0);
    await app.request('POST', '/email/verification', { token: user.accessToken });
    const second = await nextMail(user.email, 1);
    expect(second.token).not.toBe(first.token);

    const replaced = await app.request('POST', '/email/verify', { body: { token: first.token } });
    const unknown = await app.request('POST', '/email/verify', { body: { token: 'x'.repeat(43) } });
    await expireTokens(user.id, 'email-verification');
    const expired = await app.request('POST', '/email/verify', { body: { token: second.token } });
    for (const refused of [replaced, unknown, expired]) expectProblem(refused, 400, 'INVALID_TOKEN');
    const bodies = [replaced, unknown, expired].map(({ body }) => ({ ...body, requestId: undefined }));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect((await me(user)).emailVerified).toBe(false);
  });

  it('resets emailVerified when an admin changes the email, and an older link proves only the old one', async () => {
    const [admin, user] = await Promise.all([app.newAdmin(), app.newUser('moved')]);
    await app.request('POST', '/email/verification', { token: user.accessToken });
    await app.request('POST', '/email/verify', { body: { token: (await nextMail(user.email, 0)).token } });
    const renamed = await app.request('PATCH', `/users/${user.id}`, { token: admin.accessToken, body: { name: 'x' } });
    expect(renamed.body.emailVerified).toBe(true);

    const newEmail = `moved-${randomUUID()}@example.com`;
    const moved = await app.request('PATCH', `/users/${user.id}`, {
      token: admin.accessToken,
      body: { email: newEmail },
    });
    expect(moved.body).toMatchObject({ email: newEmail, emailVerified: false });
    expect((await me(user)).emailVerified).toBe(false);

    await app.request('POST', '/email/verification', { token: user.accessToken });
    const toNew = await nextMail(newEmail, 0);
    const back = `back-${randomUUID()}@example.com`;
    await app.request('PATCH', `/users/${user.id}`, { token: admin.accessToken, body: { email: back } });
    expectProblem(await app.request('POST', '/email/verify', { body: { token: toNew.token } }), 400, 'INVALID_TOKEN');
    expect((await me(user)).emailVerified).toBe(false);
  });

  it('gives known and unknown emails the same answer, and mails only the known one', async () => {
    const user = await app.newUser('forgot');
    const unknownEmail = `nobody-${randomUUID()}@example.com`;
    const before = smtp.mails.length;
    const known = await forgot(user.email);
    const unknown = await forgot(unknownEmail);
    for (const result of [known, unknown]) {
      expect(result.status).toBe(202);
      expect(result.text).toBe('');
    }
    expect(known.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.to(unknownEmail)).toEqual([]);
    expect(smtp.to(user.email)[0].link).toMatch(`${PUBLIC_URL}/auth/password/reset?token=`);
  });

  it('resets the password with the mailed token: weak refused, every session revoked, old password dead', async () => {
    const user = await app.newUser('reset');
    const other = await app.login(user.email, user.password);
    await forgot(user.email);
    const { token } = await nextMail(user.email, 0);

    const weak = await app.request('POST', '/password/reset', { body: { token, newPassword: 'password' } });
    expectProblem(weak, 400, 'WEAK_PASSWORD');
    const newPassword = `new pw ${randomUUID()}`;
    expect((await app.request('POST', '/password/reset', { body: { token, newPassword } })).status).toBe(204);

    for (const session of [user, other])
      expectProblem(await app.request('GET', '/me', { token: session.accessToken }), 401, 'UNAUTHENTICATED');
    const oldLogin = await app.request('POST', '/login', { body: { email: user.email, password: user.password } });
    expectProblem(oldLogin, 401, 'INVALID_CREDENTIALS');
    expect((await app.request('POST', '/login', { body: { email: user.email, password: newPassword } })).status).toBe(
      200,
    );
    const again = await app.request('POST', '/password/reset', { body: { token, newPassword: `x${newPassword}` } });
    expectProblem(again, 400, 'INVALID_TOKEN');
  });

  it('refuses an expired reset token', async () => {
    const user = await app.newUser('expired');
    await forgot(user.email);
    const { token } = await nextMail(user.email, 0);
    await expireTokens(user.id, 'password-reset');
    const expired = await app.request('POST', '/password/reset', {
      body: { token, newPassword: `pw ${randomUUID()}` },
    });
    expectProblem(expired, 400, 'INVALID_TOKEN');
    await app.login(user.email, user.password);
  });

  it('records the events without tokens, and logs one line per mail without the token or SMTP password', async () => {
    const admin = await app.newAdmin();
    const user = await app.newUser('audited');
    await app.request('POST', '/email/verification', { token: user.accessToken });
    const verification = await nextMail(user.email, 0);
    await app.request('POST', '/email/verify', { body: { token: verification.token } });
    await forgot(user.email);
    const reset = await nextMail(user.email, 1);
    await app.request('POST', '/password/reset', { body: { token: reset.token, newPassword: `pw ${randomUUID()}` } });

    const events = await app.request('GET', `/audit?targetType=user&targetId=${user.id}`, { token: admin.accessToken });
    const actions = events.body.items.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      'user.registered',
      'auth.login.success',
      'email.verification.sent',
      'email.verified',
      'password.reset.requested',
      'password.reset',
    ]);
    const everything = JSON.stringify(events.body) + logs.join('\n');
    for (const secret of [
      verification.token,
      reset.token,
      SMTP_LOGIN.password,
      encodeURIComponent(SMTP_LOGIN.password),
    ])
      expect(everything).not.toContain(secret);
    const mailLines = logs.filter((line) => line.includes(user.email) && line.includes('mail'));
    expect(mailLines).toHaveLength(2);
    expect(mailLines[1]).toContain('Reset your Keyward password');
  });
});
