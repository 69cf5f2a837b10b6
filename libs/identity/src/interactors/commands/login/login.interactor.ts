import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, ClientInfo, DomainMeter, RateLimitedError } from '@keyward/kernel';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';
import { LoginThrottle } from '../../shared/login-throttle';
import { AccessTokenLifetime, IssuedSession, SessionIssuer } from '../../shared/session-issuer';

export interface LoginCommand {
  email: string;
  password: string;
  client: ClientInfo;
  /** `sign-file` for `/token`; `standard` otherwise. */
  lifetime?: AccessTokenLifetime;
}

/** Why a login was refused, for the audit log only: the client always gets the same INVALID_CREDENTIALS. */
type Refusal = { userId: string | null; reason: 'unknown-email' | 'wrong-password' | 'inactive' };

/**
 * Unknown email, wrong password and disabled account fail identically and take as long: an unknown
 * email is checked against a dummy hash made with the same parameters. Only these failures count towards
 * the login limits (LoginThrottle). Both outcomes are audited; the attempted email and password are not.
 */
@Injectable()
export class LoginInteractor {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly meter: DomainMeter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: LoginCommand): Promise<IssuedSession> {
    const email = normalizeEmail(command.email);
    const attempt = await this.throttle.begin(email, command.client.ip).catch((error: unknown) => {
      if (error instanceof RateLimitedError) this.meter.loginAttempted('rate_limited');
      throw error;
    });
    let outcome: IssuedSession | Refusal;
    try {
      outcome = await this.attempt(email, command);
    } catch (error) {
      // Bad credentials are refusals (below); anything else (a store that is down) is not the client's failure.
      await attempt.release();
      throw error;
    }
    if ('reason' in outcome) {
      this.meter.loginAttempted('failure');
      await this.audit.record({
        actorId: outcome.userId,
        action: 'auth.login.failure',
        targetType: 'user',
        targetId: outcome.userId,
        ip: command.client.ip,
        details: { reason: outcome.reason },
      });
      throw new InvalidCredentialsError();
    }
    await attempt.release();
    this.meter.loginAttempted('success');
    await this.audit.record({
      actorId: outcome.user.id,
      action: command.lifetime === 'sign-file' ? 'auth.token.issued' : 'auth.login.success',
      targetType: 'user',
      targetId: outcome.user.id,
      ip: command.client.ip,
      details: { sessionId: outcome.sessionId },
    });
    return outcome;
  }

  private async attempt(email: string, command: LoginCommand): Promise<IssuedSession | Refusal> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.hasher.verify(await this.dummy(), command.password);
      return { userId: null, reason: 'unknown-email' };
    }
    const valid = await this.hasher.verify(user.passwordHash, command.password);
    if (!valid) return { userId: user.id, reason: 'wrong-password' };
    if (!user.active) return { userId: user.id, reason: 'inactive' };
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.update({ ...user, passwordHash: await this.hasher.hash(command.password) });
    }
    const issued = await this.issuer.start(user, command.client, command.lifetime);
    // Deactivation and deletion change the user first and revoke sessions second. Checking again after our
    // session exists means a concurrent one either sees our session and revokes it, or we see its change.
    const current = await this.users.findById(user.id);
    if (!current?.active) {
      await this.sessions.deleteForUser(user.id, issued.sessionId);
      return { userId: user.id, reason: 'inactive' };
    }
    return issued;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy password for timing equality');
    return this.dummyHash;
  }
}
