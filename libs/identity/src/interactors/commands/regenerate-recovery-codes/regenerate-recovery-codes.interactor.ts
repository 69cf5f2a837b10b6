import { Injectable } from '@nestjs/common';
import { AuditLog } from '@keyward/kernel';
import { MfaConfirmation } from '../../shared/mfa-confirmation';
import { SecondFactor } from '../../shared/second-factor';

/** New recovery codes (password and a code); the old ones stop working. */
@Injectable()
export class RegenerateRecoveryCodesInteractor {
  constructor(
    private readonly confirmation: MfaConfirmation,
    private readonly factors: SecondFactor,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { userId: string; password: string; code: string }): Promise<{ recoveryCodes: string[] }> {
    const { method } = await this.confirmation.passwordAndCode(command.userId, command.password, command.code);
    const recoveryCodes = await this.factors.newRecoveryCodes(command.userId);
    await this.audit.record({
      actorId: command.userId,
      action: 'mfa.recovery-codes.regenerated',
      targetType: 'user',
      targetId: command.userId,
      details: { method, recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  }
}
