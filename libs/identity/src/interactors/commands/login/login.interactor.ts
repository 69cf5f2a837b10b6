import { Injectable } from '@nestjs/common';
import { ClientInfo, SessionStore } from '@keyward/core';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';
import { IssuedSession, SessionIssuer } from '../../shared/session-issuer';

export interface LoginCommand {
  email: string;
  password: string;
  client: ClientInfo;
}

/**
 * Unknown email, wrong password and disabled account fail identically and take as long: an unknown
 * email is checked against a dummy hash made with the same parameters.
 */
@Injectable()
export class LoginInteractor {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionStore,
  ) {}

  async execute(command: LoginCommand): Promise<IssuedSession> {
    const user = await this.users.findByEmail(normalizeEmail(command.email));
    if (!user) {
      await this.hasher.verify(await this.dummy(), command.password);
      throw new InvalidCredentialsError();
    }
    const valid = await this.hasher.verify(user.passwordHash, command.password);
    if (!valid || !user.active) throw new InvalidCredentialsError();
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.update({ ...user, passwordHash: await this.hasher.hash(command.password) });
    }
    const issued = await this.issuer.start(user, command.client);
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
