import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { clientKeyOf, FailureCounter, FailureLimiter } from '@keyward/core';
import { AuditLog, RateLimitedError, sha256Hex } from '@keyward/kernel';
import { AccountMailConfig } from '../../../account-mail.config';
import { Mailer } from '../../../domain/email-token';
import { UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';
import { passwordResetMail } from '../../shared/account-mails';
import { EmailTokens } from '../../shared/email-tokens';

export interface RequestPasswordResetCommand {
  email: string;
  ip: string | null;
}

/**
 * "Forgot my password". The answer must not tell whether the email has an account, neither by its body nor by its
 * timing, so `execute` does only what is the same for every email (the per-IP limit) and the lookup, token and
 * mail happen after the answer has gone. A known, active account gets a reset link, at most
 * RATE_LIMIT_PASSWORD_FORGOT_PER_ACCOUNT an hour (past that, silently none: a third party cannot flood a mailbox).
 */
@Injectable()
export class RequestPasswordResetInteractor implements BeforeApplicationShutdown {
  private readonly logger = new Logger('PasswordReset');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: EmailTokens,
    private readonly mailer: Mailer,
    private readonly limiter: FailureLimiter,
    private readonly config: AccountMailConfig,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: RequestPasswordResetCommand): Promise<void> {
    const limits = this.config.forgotLimits;
    if (limits) {
      const counter = {
        key: `forgot:ip:${clientKeyOf(command.ip)}`,
        limit: limits.perIp,
        windowSeconds: limits.windowSeconds,
      };
      const reservation = await this.limiter.reserve([counter]);
      if (!reservation.granted) throw new RateLimitedError(reservation.retryAfterSeconds);
    }
    const delivery = this.deliver(normalizeEmail(command.email)).catch((error: unknown) =>
      this.logger.error(`password reset mail failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Resolves when every reset requested so far has been handled (mailed or dropped); for shutdown and tests. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  // Before the database connections close, so that a reset already accepted is still mailed.
  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async deliver(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.active) return;
    if (!(await this.withinAccountLimit(user.id))) return;
    const ttl = this.config.resetTokenTtlSeconds;
    const token = await this.tokens.issue(user, 'password-reset', ttl);
    await this.mailer.send(passwordResetMail(user.email, this.config.linkBase, token, ttl));
    await this.audit.record({
      actorId: null,
      action: 'password.reset.requested',
      targetType: 'user',
      targetId: user.id,
      details: {},
    });
  }

  private async withinAccountLimit(userId: string): Promise<boolean> {
    const limits = this.config.forgotLimits;
    if (!limits) return true;
    const counter: FailureCounter = {
      key: `forgot:account:${sha256Hex(userId)}`,
      limit: limits.perAccount,
      windowSeconds: limits.windowSeconds,
    };
    return (await this.limiter.reserve([counter])).granted;
  }
}
