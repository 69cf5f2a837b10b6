import { generateSync } from 'otplib';
import { CryptoRandom } from '@keyward/kernel';
import { FakeClock, InMemoryMfaRepository } from '@keyward/testing';
import { AesGcmFactorCipher } from '../../adapters/aes-gcm-factor-cipher';
import { OtplibTotp } from '../../adapters/otplib-totp';
import { TotpFactor } from '../../domain/mfa';
import { SecondFactor } from './second-factor';

describe('SecondFactor', () => {
  const userId = '00000000-0000-4000-8000-0000000000aa';

  async function setup() {
    const clock = new FakeClock(new Date('2026-11-21T12:00:10.000Z'));
    const mfa = new InMemoryMfaRepository();
    const cipher = new AesGcmFactorCipher('unit-test-root-secret-that-is-long-enough');
    const totp = new OtplibTotp();
    const secret = totp.generateSecret();
    const factor: TotpFactor = {
      userId,
      encryptedSecret: cipher.encrypt(secret, userId),
      enabledAt: clock.now(),
      lastUsedStep: null,
      createdAt: clock.now(),
    };
    mfa.totp.set(userId, factor);
    const factors = new SecondFactor(mfa, totp, cipher, clock, new CryptoRandom());
    const step = Math.floor(clock.now().getTime() / 30_000);
    const codeAt = (s: number) => generateSync({ secret, epoch: s * 30 });
    const accept = async (code: string) => factors.acceptTotpCode((await mfa.findTotp(userId))!, code);
    return { clock, mfa, factors, step, codeAt, accept, secret, factor };
  }

  it('accepts the codes of the previous, current and next step, and none further', async () => {
    const { accept, codeAt, step } = await setup();
    expect(await accept(codeAt(step - 2))).toBe(false);
    expect(await accept(codeAt(step + 2))).toBe(false);
    expect(await accept(codeAt(step - 1))).toBe(true);
    expect(await accept(codeAt(step))).toBe(true);
    expect(await accept(codeAt(step + 1))).toBe(true);
  });

  it('refuses a code whose step, or an earlier one, was already used (replay)', async () => {
    const { accept, codeAt, step, mfa, clock } = await setup();
    expect(await accept(codeAt(step))).toBe(true);
    expect((await mfa.findTotp(userId))?.lastUsedStep).toBe(step);
    expect(await accept(codeAt(step))).toBe(false);
    expect(await accept(codeAt(step - 1))).toBe(false);
    // Thirty seconds on, the next code is fine, and the old one still is not.
    clock.advance(30_000);
    expect(await accept(codeAt(step))).toBe(false);
    expect(await accept(codeAt(step + 1))).toBe(true);
  });

  it('refuses anything but six digits', async () => {
    const { accept, codeAt, step } = await setup();
    for (const code of ['', '12345', '1234567', 'abcdef', `${codeAt(step)}0`]) expect(await accept(code)).toBe(false);
  });

  it('mints 10 distinct recovery codes, stores only their hashes, and accepts each once', async () => {
    const { factors, mfa, factor } = await setup();
    const codes = await factors.newRecoveryCodes(userId);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = [...(mfa.recoveryCodes.get(userId) ?? [])];
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.join()).not.toContain(code.replace('-', ''));
    expect(await factors.acceptAnyCode(factor, codes[3].toUpperCase())).toBe('recovery');
    expect(await factors.acceptRecoveryCode(userId, codes[3])).toBe(false);
    expect(await mfa.countRecoveryCodes(userId)).toBe(9);
    // Regenerating replaces them all.
    await factors.newRecoveryCodes(userId);
    expect(await factors.acceptRecoveryCode(userId, codes[4])).toBe(false);
  });
});
