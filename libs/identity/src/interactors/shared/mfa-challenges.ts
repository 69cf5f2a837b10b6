import { Injectable } from '@nestjs/common';
import { Clock, Random } from '@keyward/kernel';
import { hashMfaToken, MFA_METHODS, MFA_TOKEN_TTL_SECONDS } from '../../domain/mfa';
import { MfaChallengeRepository, MfaRepository } from '../../domain/mfa-ports';

/** The answer of a password login that must be completed with `POST /login/mfa`. */
export interface MfaPending {
  mfaRequired: true;
  mfaToken: string;
  methods: (typeof MFA_METHODS)[number][];
}

/** Whether a login needs the second factor, and the single-use, short-lived token that stands for it. */
@Injectable()
export class MfaChallenges {
  constructor(
    private readonly mfa: MfaRepository,
    private readonly challenges: MfaChallengeRepository,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async required(userId: string): Promise<boolean> {
    return Boolean((await this.mfa.findTotp(userId))?.enabledAt);
  }

  async start(userId: string): Promise<MfaPending> {
    const now = this.clock.now();
    // Expired challenges are swept as new ones come, so the table stays as small as the logins in flight.
    await this.challenges.purgeExpired(now);
    const mfaToken = this.random.token(32);
    await this.challenges.create({
      tokenHash: hashMfaToken(mfaToken),
      userId,
      expiresAt: new Date(now.getTime() + MFA_TOKEN_TTL_SECONDS * 1000),
    });
    return { mfaRequired: true, mfaToken, methods: [...MFA_METHODS] };
  }
}
