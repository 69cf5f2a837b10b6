import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { ClientInfo, DomainMeter, RateLimitedError } from '@keyward/kernel';
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

/**
 * Unknown email, wrong password and disabled account fail identically and take as long: an unknown
 * email is checked against a dummy hash made with the same parameters. Only these failures count towards
 * the login limits (LoginThrottle).
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
  ) {}

  async execute(command: LoginCommand): Promise<IssuedSession> {
    const email = normalizeEmail(command.email);
    const attempt = await this.throttle.begin(email, command.client.ip).catch((error: unknown) => {
      if (error instanceof RateLimitedError) this.meter.loginAttempted('rate_limited');
      throw error;
    });
    let issued: IssuedSession;
    try {
      issued = await this.attempt(email, command);
    } catch (error) {
      // Only bad credentials count; anything else (a store that is down) is not the client's failure.
      if (error instanceof InvalidCredentialsError) this.meter.loginAttempted('failure');
      else await attempt.release();
      throw error;
    }
    await attempt.release();
    this.meter.loginAttempted('success');
    return issued;
  }

  private async attempt(email: string, command: LoginCommand): Promise<IssuedSession> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.hasher.verify(await this.dummy(), command.password);
      throw new InvalidCredentialsError();
    }
    const valid = await this.hasher.verify(user.passwordHash, command.password);
    if (!valid || !user.active) throw new InvalidCredentialsError();
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.update({ ...user, passwordHash: await this.hasher.hash(command.password) });
    }
    const issued = await this.issuer.start(user, command.client, command.lifetime);
    // Deactivation and deletion change the user first and revoke sessions second. Checking again after our
    // session exists means a concurrent one either sees our session and revokes it, or we see its change.
    const current = await this.users.findById(user.id);
    if (!current?.active) {
      await this.sessions.deleteForUser(user.id, issued.sessionId);
      throw new InvalidCredentialsError();
    }
    return issued;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy password for timing equality');
    return this.dummyHash;
  }
}
