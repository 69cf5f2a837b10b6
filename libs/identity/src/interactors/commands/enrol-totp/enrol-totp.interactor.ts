import { Injectable } from '@nestjs/common';
import { AuditLog, Clock } from '@keyward/kernel';
import { MfaAlreadyEnabledError } from '../../../domain/mfa-errors';
import { FactorCipher, MfaRepository, QrCodeRenderer, Totp } from '../../../domain/mfa-ports';
import { MfaConfirmation } from '../../shared/mfa-confirmation';

export interface EnrolTotpCommand {
  userId: string;
  password: string;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/**
 * Starts a TOTP enrolment: a fresh secret, stored encrypted and pending until a code confirms it (so a login
 * never asks for a code the user's app cannot produce). Enrolling again before confirming replaces the secret.
 */
@Injectable()
export class EnrolTotpInteractor {
  constructor(
    private readonly confirmation: MfaConfirmation,
    private readonly mfa: MfaRepository,
    private readonly totp: Totp,
    private readonly cipher: FactorCipher,
    private readonly qr: QrCodeRenderer,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: EnrolTotpCommand): Promise<TotpEnrolment> {
    const user = await this.confirmation.password(command.userId, command.password);
    if ((await this.mfa.findTotp(user.id))?.enabledAt) throw new MfaAlreadyEnabledError();
    const secret = this.totp.generateSecret();
    const saved = await this.mfa.savePendingTotp({
      userId: user.id,
      encryptedSecret: this.cipher.encrypt(secret, user.id),
      enabledAt: null,
      lastUsedStep: null,
      createdAt: this.clock.now(),
    });
    if (!saved) throw new MfaAlreadyEnabledError();
    const otpauthUri = this.totp.uri(secret, user.email);
    await this.audit.record({
      actorId: user.id,
      action: 'mfa.totp.enrolled',
      targetType: 'user',
      targetId: user.id,
      details: {},
    });
    return { secret, otpauthUri, qrSvg: await this.qr.svg(otpauthUri) };
  }
}
