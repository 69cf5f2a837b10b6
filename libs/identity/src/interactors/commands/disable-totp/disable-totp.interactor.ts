import { Injectable } from '@nestjs/common';
import { AuditLog } from '@keyward/kernel';
import { MfaRepository } from '../../../domain/mfa-ports';
import { MfaConfirmation } from '../../shared/mfa-confirmation';

/** Turns TOTP off (password and a code, or a recovery code); the recovery codes go with it. */
@Injectable()
export class DisableTotpInteractor {
  constructor(
    private readonly confirmation: MfaConfirmation,
    private readonly mfa: MfaRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { userId: string; password: string; code: string }): Promise<void> {
    const { method } = await this.confirmation.passwordAndCode(command.userId, command.password, command.code);
    await this.mfa.deleteTotp(command.userId);
    await this.audit.record({
      actorId: command.userId,
      action: 'mfa.totp.disabled',
      targetType: 'user',
      targetId: command.userId,
      details: { method },
    });
  }
}
