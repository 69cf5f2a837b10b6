import { Injectable } from '@nestjs/common';
import { clientKeyOf, FailureCounter, FailureLimiter } from '@keyward/core';
import { RateLimitedError, sha256Hex } from '@keyward/kernel';
import { IdentityConfig, LoginFailureLimits } from '../../identity.config';

/** A login attempt let through the limits; `release` gives it back when it did not fail for bad credentials. */
export interface LoginAttempt {
  release(): Promise<void>;
}

const UNLIMITED: LoginAttempt = { release: async () => undefined };

/**
 * Limits failed logins (and /token calls) two ways: per client IP and email, so that a third party guessing
 * from elsewhere cannot lock the account's owner out, and per client IP across emails, against credential
 * stuffing. Successful logins never count: a client may fetch a token before every file it signs.
 *
 * Past a limit, that key is refused with 429 before any password is checked, even a correct one, until its
 * window ends. An attempt counts from its start (so a burst of concurrent guesses cannot slip past the
 * limit) and is given back when it succeeds.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limiter: FailureLimiter,
    private readonly config: IdentityConfig,
  ) {}

  async begin(normalizedEmail: string, ip: string | null): Promise<LoginAttempt> {
    const limits = this.config.loginFailures;
    if (!limits) return UNLIMITED;
    const counters = this.countersFor(limits, normalizedEmail, clientKeyOf(ip));
    const reservation = await this.limiter.reserve(counters);
    if (!reservation.granted) throw new RateLimitedError(reservation.retryAfterSeconds);
    return { release: () => this.limiter.release(counters) };
  }

  private countersFor(limits: LoginFailureLimits, email: string, ip: string): FailureCounter[] {
    const { perAccount, perIp, windowSeconds } = limits;
    // Hashed: counters outlive nothing, but emails have no business in Redis keys.
    return [
      { key: `login:ip:${ip}`, limit: perIp, windowSeconds },
      { key: `login:account:${ip}:${sha256Hex(email)}`, limit: perAccount, windowSeconds },
    ];
  }
}
