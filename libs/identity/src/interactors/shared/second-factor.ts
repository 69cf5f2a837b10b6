import { Injectable } from '@nestjs/common';
import { Clock, Random } from '@keyward/kernel';
import { hashRecoveryCode, RECOVERY_CODE_COUNT, TotpFactor } from '../../domain/mfa';
import { FactorCipher, MfaRepository, Totp } from '../../domain/mfa-ports';

// 32 symbols without look-alikes (no l, o, 0, 1): five bits per character, ten characters, 50 bits per code.
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Checks TOTP codes (±1 step, never the same step twice) and recovery codes (each once), and mints the latter. */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly mfa: MfaRepository,
    private readonly totp: Totp,
    private readonly cipher: FactorCipher,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  secretOf(factor: TotpFactor): string {
    return this.cipher.decrypt(factor.encryptedSecret, factor.userId);
  }

  /** True for a current code whose step is later than the last accepted one; that step is then used up. */
  async acceptTotpCode(factor: TotpFactor, code: string): Promise<boolean> {
    const step = this.totp.matchStep(this.secretOf(factor), code.trim(), this.clock.now());
    if (step === null) return false;
    return this.mfa.useStep(factor.userId, step);
  }

  /** True once per recovery code. */
  acceptRecoveryCode(userId: string, code: string): Promise<boolean> {
    return this.mfa.useRecoveryCode(userId, hashRecoveryCode(code));
  }

  /** A code of six digits is a TOTP code; anything else is tried as a recovery code. */
  async acceptAnyCode(factor: TotpFactor, code: string): Promise<'totp' | 'recovery' | null> {
    if (/^\s*\d{6}\s*$/.test(code)) return (await this.acceptTotpCode(factor, code)) ? 'totp' : null;
    return (await this.acceptRecoveryCode(factor.userId, code)) ? 'recovery' : null;
  }

  /** Replaces the user's recovery codes by fresh ones and returns them, the only time they are seen. */
  async newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => this.recoveryCode());
    await this.mfa.replaceRecoveryCodes(userId, codes.map(hashRecoveryCode));
    return codes;
  }

  private recoveryCode(): string {
    const bytes = Buffer.from(this.random.token(10), 'base64url');
    const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  }
}
