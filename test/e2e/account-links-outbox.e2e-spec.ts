import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { RequestPasswordResetInteractor } from '@keyward/identity';
import { readOutbox } from '../support/mail-catcher';
import { expectProblem, TestApp } from '../support/test-app';

/** Without SMTP_URL (the embedded default), mails are `.eml` files in the data folder's outbox/. */
describe('account mails without SMTP: the outbox', () => {
  let app: TestApp;
  let outbox: string;
  const logs: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_PASSWORD_FORGOT_PER_IP: '4' }, (line) => logs.push(line));
    outbox = path.join(app.config.runtime.dataDir, 'outbox');
  }, 60_000);
  afterAll(() => app?.close());

  it('writes a reset mail as an .eml with text and HTML parts whose link works', async () => {
    const user = await app.newUser('outbox');
    expect((await app.request('POST', '/password/forgot', { body: { email: user.email } })).status).toBe(202);
    await app.app.get(RequestPasswordResetInteractor).settled();

    const mails = (await readOutbox(outbox)).filter((mail) => mail.to === user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('Reset your Keyward password');
    expect(mail.link).toBe(`http://localhost:8000/auth/password/reset?token=${mail.token}`);
    expect(mail.text).toContain(mail.link);
    expect(mail.html).toContain(`href="${mail.link}"`);
    expect(mail.text).toContain('expires in 1 hour');

    const file = logs.map((line) => /written to (\S+\.eml)/.exec(line)?.[1]).find(Boolean)!;
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(logs.join('\n')).not.toContain(mail.token);

    const reset = await app.request('POST', '/password/reset', {
      body: { token: mail.token, newPassword: 'a new long pw 1' },
    });
    expect(reset.status).toBe(204);
  });

  it('limits forgot requests per client IP, whatever the email', async () => {
    // The first test used one of the four.
    for (let i = 0; i < 3; i++)
      expect((await app.request('POST', '/password/forgot', { body: { email: `n${i}@example.com` } })).status).toBe(
        202,
      );
    const limited = await app.request('POST', '/password/forgot', { body: { email: 'n9@example.com' } });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a form body and unknown fields, as every JSON route does', async () => {
    const form = await app.request('POST', '/password/reset', {
      rawBody: 'token=x&newPassword=y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const extra = await app.request('POST', '/email/verify', { body: { token: 'x', admin: true } });
    expectProblem(extra, 400, 'VALIDATION_FAILED');
  });
});
