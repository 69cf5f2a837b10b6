import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, ClientInfo, DomainMeter, RateLimitedError } from '@keyward/kernel';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import { MfaRequiredError } from '../../../domain/mfa-errors';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';
import { LoginThrottle } from '../../shared/login-throttle';
import { MfaChallenges, MfaPending } from '../../shared/mfa-challenges';
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

/** The password was right but the account has MFA: the login waits for the second factor (or, for /token, ends). */
type SecondFactorDue = { userId: string; pending: MfaPending | null };

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
    private readonly mfa: MfaChallenges,
  ) {}

  async execute(command: LoginCommand): Promise<IssuedSession | MfaPending> {
    const email = normalizeEmail(command.email);
    const attempt = await this.throttle.begin(email, command.client.ip).catch((error: unknown) => {
      if (error instanceof RateLimitedError) this.meter.loginAttempted('rate_limited');
      throw error;
    });
    let outcome: IssuedSession | Refusal | SecondFactorDue;
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
    if ('pending' in outcome) return this.secondFactorDue(outcome, command);
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

  /** The right password is not a failure (nothing stays counted); the login is metered and audited as such. */
  private async secondFactorDue(due: SecondFactorDue, command: LoginCommand): Promise<MfaPending> {
    this.meter.loginAttempted('mfa_required');
    await this.audit.record({
      actorId: due.userId,
      action: 'auth.login.mfa-required',
      targetType: 'user',
      targetId: due.userId,
      ip: command.client.ip,
      details: { via: command.lifetime === 'sign-file' ? 'token' : 'login' },
    });
    if (!due.pending) throw new MfaRequiredError();
    return due.pending;
  }

  private async attempt(email: string, command: LoginCommand): Promise<IssuedSession | Refusal | SecondFactorDue> {
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
    if (await this.mfa.required(user.id)) {
      // /token cannot carry a second factor, so it gets no mfaToken either.
      return { userId: user.id, pending: command.lifetime === 'sign-file' ? null : await this.mfa.start(user.id) };
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
