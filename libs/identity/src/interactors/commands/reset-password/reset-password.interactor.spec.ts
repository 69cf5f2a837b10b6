import { sha256Hex } from '@keyward/kernel';
import { identityKit, InMemoryEmailTokenRepository, RecordingMailer, sliceOf } from '@keyward/testing';
import { AccountMailConfig } from '../../../account-mail.config';
import { InvalidTokenError, WeakPasswordError } from '../../../domain/identity-errors';
import { EmailTokens } from '../../shared/email-tokens';
import { SendEmailVerificationInteractor } from '../send-email-verification/send-email-verification.interactor';
import { VerifyEmailInteractor } from '../verify-email/verify-email.interactor';
import { ResetPasswordInteractor } from './reset-password.interactor';

function setUp() {
  const kit = identityKit();
  const config = sliceOf(AccountMailConfig, {}, { PUBLIC_URL: 'https://id.example.test/' });
  const repository = new InMemoryEmailTokenRepository();
  const mailer = new RecordingMailer();
  const tokens = new EmailTokens(repository, kit.users, kit.random, kit.clock);
  const reset = new ResetPasswordInteractor(
    kit.users,
    tokens,
    kit.hasher,
    kit.policy,
    kit.sessions,
    kit.clock,
    kit.audit,
  );
  const send = new SendEmailVerificationInteractor(kit.users, tokens, mailer, config, kit.audit);
  const verify = new VerifyEmailInteractor(kit.users, tokens, kit.clock, kit.audit);
  return { kit, config, repository, mailer, tokens, reset, send, verify };
}

describe('ResetPasswordInteractor and the mailed tokens', () => {
  it('stores only the hash, and honours the lifetime to the second', async () => {
    const { kit, repository, tokens, reset } = setUp();
    const { user } = await kit.loggedInUser();
    const token = await tokens.issue(user, 'password-reset', 3600);
    const [row] = [...repository.rows.values()];
    expect(row.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);

    kit.clock.advance(3600 * 1000);
    await expect(reset.execute({ token, newPassword: 'late but long enough' })).rejects.toThrow(InvalidTokenError);
    const fresh = await tokens.issue(user, 'password-reset', 3600);
    kit.clock.advance(3599 * 1000);
    await reset.execute({ token: fresh, newPassword: 'just in time, long enough' });
    expect(
      await kit.hasher.verify((await kit.users.findById(user.id))!.passwordHash, 'just in time, long enough'),
    ).toBe(true);
  });

  it('keeps the token through a weak password, then uses it once however many race', async () => {
    const { kit, tokens, reset } = setUp();
    const { user, issued } = await kit.loggedInUser();
    const token = await tokens.issue(user, 'password-reset', 3600);
    await expect(reset.execute({ token, newPassword: 'password123' })).rejects.toThrow(WeakPasswordError);

    const outcomes = await Promise.allSettled(
      ['first racer passphrase', 'second racer passphrase'].map((newPassword) => reset.execute({ token, newPassword })),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await kit.sessions.get(issued.sessionId)).toBeNull();
    expect(kit.audit.of('password.reset')).toHaveLength(1);
  });

  it('refuses a token of the other purpose and one of a deactivated account', async () => {
    const { kit, tokens, reset, verify } = setUp();
    const { user } = await kit.loggedInUser();
    const verification = await tokens.issue(user, 'email-verification', 3600);
    await expect(reset.execute({ token: verification, newPassword: 'long enough passphrase' })).rejects.toThrow(
      InvalidTokenError,
    );
    const token = await tokens.issue(user, 'password-reset', 3600);
    await kit.users.update({ ...user, active: false });
    await expect(reset.execute({ token, newPassword: 'long enough passphrase' })).rejects.toThrow(InvalidTokenError);
    await expect(verify.execute({ token: verification })).rejects.toThrow(InvalidTokenError);
  });

  it('mails a verification link built from PUBLIC_URL and ROOT_PATH, in text and HTML', async () => {
    const { kit, mailer, send, verify } = setUp();
    const { user } = await kit.loggedInUser('grace@example.com');
    await send.execute({ userId: user.id });
    const [mail] = mailer.sent;
    const token = mailer.tokenOf(mail);
    expect(mail.to).toBe('grace@example.com');
    expect(mail.text).toContain(`https://id.example.test/auth/email/verify?token=${token}`);
    expect(mail.html).toContain(`href="https://id.example.test/auth/email/verify?token=${token}"`);
    expect(mail.text).toContain('24 hours');
    await verify.execute({ token });
    expect((await kit.users.findById(user.id))!.emailVerified).toBe(true);
    expect(kit.audit.events.map((e) => e.details)).not.toContainEqual(expect.objectContaining({ token }));
  });
});
