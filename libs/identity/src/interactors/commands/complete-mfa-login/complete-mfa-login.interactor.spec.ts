import { generateSync } from 'otplib';
import { CryptoRandom } from '@keyward/kernel';
import { identityKit } from '@keyward/testing';
import { AesGcmFactorCipher } from '../../../adapters/aes-gcm-factor-cipher';
import { OtplibTotp } from '../../../adapters/otplib-totp';
import { MfaRequiredError } from '../../../domain/mfa-errors';
import { MfaAttempts } from '../../shared/mfa-attempts';
import { SecondFactor } from '../../shared/second-factor';
import { CompleteMfaLoginInteractor } from './complete-mfa-login.interactor';

describe('Login with TOTP', () => {
  const client = { ip: '203.0.113.9', userAgent: 'jest' };
  const password = 'long enough passphrase';

  async function setup() {
    const kit = identityKit();
    const user = await kit.register.execute({ email: 'ada@example.com', password });
    const cipher = new AesGcmFactorCipher('unit-test-root-secret-that-is-long-enough');
    const totp = new OtplibTotp();
    const secret = totp.generateSecret();
    const now = kit.clock.now();
    kit.mfa.totp.set(user.id, {
      userId: user.id,
      encryptedSecret: cipher.encrypt(secret, user.id),
      enabledAt: now,
      lastUsedStep: null,
      createdAt: now,
    });
    const factors = new SecondFactor(kit.mfa, totp, cipher, kit.clock, new CryptoRandom());
    const recoveryCodes = await factors.newRecoveryCodes(user.id);
    const complete = new CompleteMfaLoginInteractor(
      kit.mfaChallenges,
      kit.mfa,
      kit.users,
      factors,
      new MfaAttempts(kit.failures, kit.config),
      kit.issuer,
      kit.clock,
      kit.meter,
      kit.audit,
    );
    const code = () => generateSync({ secret, epoch: Math.floor(kit.clock.now().getTime() / 1000) });
    const mfaToken = async () => {
      const outcome = await kit.passwordLogin.execute({ email: user.email, password, client });
      if (!('mfaRequired' in outcome)) throw new Error('expected the second step');
      return outcome.mfaToken;
    };
    return { ...kit, user, complete, code, mfaToken, recoveryCodes, secret };
  }

  it('stops a password login at the second factor: no session, metered mfa_required, audited', async () => {
    const { passwordLogin, user, sessions, meter, audit } = await setup();
    audit.events.length = 0;
    const outcome = await passwordLogin.execute({ email: user.email, password, client });
    expect(outcome).toEqual({ mfaRequired: true, mfaToken: expect.any(String), methods: ['totp', 'recovery'] });
    expect(sessions.sessions.size).toBe(0);
    expect(meter.logins).toEqual(['mfa_required']);
    expect(audit.events.map((e) => e.action)).toEqual(['auth.login.mfa-required']);
  });

  it('refuses /token with MFA_REQUIRED, and gives no session and no mfaToken', async () => {
    const { passwordLogin, user, sessions, mfaChallenges } = await setup();
    await expect(
      passwordLogin.execute({ email: user.email, password, client, lifetime: 'sign-file' }),
    ).rejects.toBeInstanceOf(MfaRequiredError);
    expect(sessions.sessions.size).toBe(0);
    expect(mfaChallenges.challenges.size).toBe(0);
  });

  it('opens the session with a current code, and the mfaToken only once', async () => {
    const { complete, code, mfaToken, user, sessions, audit } = await setup();
    const token = await mfaToken();
    const issued = await complete.execute({ mfaToken: token, code: code(), client });
    expect(issued.user.id).toBe(user.id);
    expect(await sessions.get(issued.sessionId)).toMatchObject({ userId: user.id, ip: client.ip });
    await expect(complete.execute({ mfaToken: token, code: code(), client })).rejects.toMatchObject({
      code: 'MFA_TOKEN_EXPIRED',
    });
    const recorded = JSON.stringify(audit.events);
    expect(recorded).not.toContain(token);
    expect(recorded).toContain('auth.login.mfa.success');
  });

  it('lets the mfaToken expire after 5 minutes', async () => {
    const { complete, code, mfaToken, clock } = await setup();
    const token = await mfaToken();
    clock.advance(299_000);
    const early = await mfaToken();
    expect((await complete.execute({ mfaToken: early, code: code(), client })).sessionId).toEqual(expect.any(String));
    clock.advance(2_000);
    await expect(complete.execute({ mfaToken: token, code: '000000', client })).rejects.toMatchObject({
      code: 'MFA_TOKEN_EXPIRED',
    });
  });

  it('refuses a replayed code and counts wrong codes towards the account limit (5, then 429)', async () => {
    const { complete, code, mfaToken, recoveryCodes, audit } = await setup();
    const token = await mfaToken();
    const used = code();
    await complete.execute({ mfaToken: token, code: used, client });
    const next = await mfaToken();
    await expect(complete.execute({ mfaToken: next, code: used, client })).rejects.toMatchObject({
      code: 'INVALID_MFA_CODE',
    });
    for (let i = 0; i < 4; i++)
      await expect(complete.execute({ mfaToken: next, recoveryCode: 'wrong-guess', client })).rejects.toMatchObject({
        code: 'INVALID_MFA_CODE',
      });
    await expect(complete.execute({ mfaToken: next, recoveryCode: recoveryCodes[0], client })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(JSON.stringify(audit.events)).not.toContain(used);
  });

  it('accepts a recovery code once and records how many are left', async () => {
    const { complete, mfaToken, recoveryCodes, audit } = await setup();
    await complete.execute({ mfaToken: await mfaToken(), recoveryCode: recoveryCodes[0], client });
    await expect(
      complete.execute({ mfaToken: await mfaToken(), recoveryCode: recoveryCodes[0], client }),
    ).rejects.toMatchObject({ code: 'INVALID_MFA_CODE' });
    expect(audit.events.find((e) => e.action === 'mfa.recovery-code.used')?.details).toEqual({ left: 9 });
    expect(JSON.stringify(audit.events)).not.toContain(recoveryCodes[0]);
  });
});
