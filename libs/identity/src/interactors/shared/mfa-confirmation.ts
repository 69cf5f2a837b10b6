import { Injectable } from '@nestjs/common';
import { AuditLog } from '@keyward/kernel';
import { InvalidCredentialsError } from '../../domain/identity-errors';
import { TotpFactor } from '../../domain/mfa';
import { InvalidMfaCodeError, MfaNotEnabledError } from '../../domain/mfa-errors';
import { MfaRepository } from '../../domain/mfa-ports';
import { PasswordHasher, UserRepository } from '../../domain/ports';
import { User } from '../../domain/user';
import { MfaAttempts } from './mfa-attempts';
import { SecondFactor } from './second-factor';
import { requireUser } from './users';

/**
 * The proof the MFA routes ask of a signed-in user before changing their factors: the password and, once TOTP is
 * enabled, a current code (or a recovery code, for whoever lost the device). Failures count towards the
 * account's MFA limit and are audited, without what was typed.
 */
@Injectable()
export class MfaConfirmation {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly mfa: MfaRepository,
    private readonly factors: SecondFactor,
    private readonly attempts: MfaAttempts,
    private readonly audit: AuditLog,
  ) {}

  async password(userId: string, password: string): Promise<User> {
    const attempt = await this.attempts.begin(userId);
    const user = await requireUser(this.users, userId);
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.failed(userId, 'wrong-password');
      throw new InvalidCredentialsError();
    }
    await attempt.release();
    return user;
  }

  /** Password and code of an account with TOTP enabled; returns the factor and which kind of code was used. */
  async passwordAndCode(
    userId: string,
    password: string,
    code: string,
  ): Promise<{ user: User; factor: TotpFactor; method: 'totp' | 'recovery' }> {
    const factor = await this.mfa.findTotp(userId);
    if (!factor?.enabledAt) throw new MfaNotEnabledError();
    const user = await this.password(userId, password);
    const attempt = await this.attempts.begin(userId);
    const method = await this.factors.acceptAnyCode(factor, code);
    if (!method) {
      await this.failed(userId, 'wrong-code');
      throw new InvalidMfaCodeError();
    }
    await attempt.release();
    return { user, factor, method };
  }

  private failed(userId: string, reason: 'wrong-password' | 'wrong-code'): Promise<void> {
    return this.audit.record({
      actorId: userId,
      action: 'mfa.verification.failure',
      targetType: 'user',
      targetId: userId,
      details: { reason },
    });
  }
}
