import { Injectable } from '@nestjs/common';
import { ClientInfo } from '@keyward/core';
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
    return this.issuer.start(user, command.client);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('dummy password for timing equality');
    return this.dummyHash;
  }
}
