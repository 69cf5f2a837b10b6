import { Injectable } from '@nestjs/common';
import { FailureLimiter } from '@keyward/core';
import { RateLimitedError } from '@keyward/kernel';
import { IdentityConfig } from '../../identity.config';

export interface MfaAttempt {
  /** Gives the attempt back: it succeeded, or failed for a reason that was not the client's. */
  release(): Promise<void>;
}

const UNLIMITED: MfaAttempt = { release: async () => undefined };

/**
 * Limits wrong second factors per account (not per client address: six digits are guessable, so the account's
 * window must close whoever guesses). Wrong passwords on the MFA routes count too. Past the limit: 429 until
 * the window ends, even for the right code.
 */
@Injectable()
export class MfaAttempts {
  constructor(
    private readonly limiter: FailureLimiter,
    private readonly config: IdentityConfig,
  ) {}

  async begin(userId: string): Promise<MfaAttempt> {
    const limits = this.config.mfa.failures;
    if (!limits) return UNLIMITED;
    const counters = [{ key: `mfa:account:${userId}`, limit: limits.perAccount, windowSeconds: limits.windowSeconds }];
    const reservation = await this.limiter.reserve(counters);
    if (!reservation.granted) throw new RateLimitedError(reservation.retryAfterSeconds);
    return { release: () => this.limiter.release(counters) };
  }
}
