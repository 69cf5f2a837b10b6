import { Injectable } from '@nestjs/common';
import { MfaStatus } from '../../../domain/mfa';
import { MfaRepository, PasskeyCounter } from '../../../domain/mfa-ports';

/** The user's second factors: TOTP, recovery codes left, and passkeys (through the PasskeyCounter seam). */
@Injectable()
export class GetMfaStatusInteractor {
  constructor(
    private readonly mfa: MfaRepository,
    private readonly passkeys: PasskeyCounter,
  ) {}

  async execute(query: { userId: string }): Promise<MfaStatus> {
    const [factor, recoveryCodesLeft, passkeys] = await Promise.all([
      this.mfa.findTotp(query.userId),
      this.mfa.countRecoveryCodes(query.userId),
      this.passkeys.countFor(query.userId),
    ]);
    const enabledAt = factor?.enabledAt ?? null;
    return {
      totp: { enabled: enabledAt !== null, enabledAt: enabledAt?.toISOString() ?? null },
      recoveryCodesLeft: enabledAt ? recoveryCodesLeft : 0,
      passkeys,
    };
  }
}
