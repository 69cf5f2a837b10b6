import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, Clock } from '@keyward/kernel';
import { InvalidMfaCodeError, MfaAlreadyEnabledError, MfaNotPendingError } from '../../../domain/mfa-errors';
import { MfaRepository } from '../../../domain/mfa-ports';
import { MfaAttempts } from '../../shared/mfa-attempts';
import { SecondFactor } from '../../shared/second-factor';

export interface ConfirmTotpCommand {
  userId: string;
  /** The caller's session survives; every other one is revoked (it logged in without the second factor). */
  currentSessionId: string | null;
  code: string;
}

/** Enables a pending TOTP enrolment with a current code and hands out the recovery codes, once. */
@Injectable()
export class ConfirmTotpInteractor {
  constructor(
    private readonly mfa: MfaRepository,
    private readonly factors: SecondFactor,
    private readonly attempts: MfaAttempts,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: ConfirmTotpCommand): Promise<{ recoveryCodes: string[] }> {
    const factor = await this.mfa.findTotp(command.userId);
    if (factor?.enabledAt) throw new MfaAlreadyEnabledError();
    if (!factor) throw new MfaNotPendingError();
    const attempt = await this.attempts.begin(command.userId);
    if (!(await this.factors.acceptTotpCode(factor, command.code))) {
      await this.audit.record({
        actorId: command.userId,
        action: 'mfa.verification.failure',
        targetType: 'user',
        targetId: command.userId,
        details: { reason: 'wrong-code' },
      });
      throw new InvalidMfaCodeError('invalid');
    }
    await attempt.release();
    if (!(await this.mfa.enableTotp(command.userId, this.clock.now()))) throw new MfaAlreadyEnabledError();
    const recoveryCodes = await this.factors.newRecoveryCodes(command.userId);
    const revoked = await this.sessions.deleteAllForUser(command.userId, command.currentSessionId ?? undefined);
    await this.audit.record({
      actorId: command.userId,
      action: 'mfa.totp.confirmed',
      targetType: 'user',
      targetId: command.userId,
      details: { recoveryCodes: recoveryCodes.length, otherSessionsRevoked: revoked },
    });
    return { recoveryCodes };
  }
}
