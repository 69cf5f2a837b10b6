import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, Random } from '@keyward/core';
import { RegistrationClosedError } from '../../../domain/identity-errors';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { DEFAULT_ROLE } from '../../../domain/roles';
import { normalizeEmail, User } from '../../../domain/user';

export interface RegisterUserCommand {
  email: string;
  password: string;
  name?: string | null;
  roles?: string[];
  /** Administrators create users even when self-registration is closed. */
  byAdministrator?: boolean;
}

@Injectable()
export class RegisterUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly config: AppConfig,
  ) {}

  async execute(command: RegisterUserCommand): Promise<User> {
    if (!command.byAdministrator && this.config.registration === 'closed') throw new RegistrationClosedError();
    const email = normalizeEmail(command.email);
    this.policy.check(command.password, { email });
    const now = this.clock.now();
    const user: User = {
      id: this.random.uuid(),
      email,
      name: command.name?.trim() || null,
      passwordHash: await this.hasher.hash(command.password),
      active: true,
      roles: command.roles ?? [DEFAULT_ROLE],
      createdAt: now,
      updatedAt: now,
    };
    await this.users.create(user);
    return user;
  }
}
