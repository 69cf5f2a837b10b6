import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, Clock, GrantGuard, Random } from '@keyward/kernel';
import { RegistrationClosedError } from '../../../domain/identity-errors';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { DEFAULT_ROLE } from '../../../domain/roles';
import { normalizeEmail, User } from '../../../domain/user';
import { IdentityConfig } from '../../../identity.config';

export interface RegisterUserCommand {
  email: string;
  password: string;
  name?: string | null;
  /**
   * Set when someone creates the account for another person: they choose its roles (within what the grant rule lets
   * them hand out) and may do so while self-registration is closed. Without it, the account gets the default role.
   */
  creator?: { actor: Actor; roles: string[] };
}

@Injectable()
export class RegisterUserInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly config: IdentityConfig,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: RegisterUserCommand): Promise<User> {
    const { creator } = command;
    if (!creator && this.config.registration === 'closed') throw new RegistrationClosedError();
    if (creator)
      await this.grants.assertMayChangeRoles(creator.actor, { account: null, added: creator.roles, removed: [] });
    const email = normalizeEmail(command.email);
    this.policy.check(command.password, { email });
    const now = this.clock.now();
    const user: User = {
      id: this.random.uuid(),
      email,
      name: command.name?.trim() || null,
      passwordHash: await this.hasher.hash(command.password),
      active: true,
      emailVerified: false,
      roles: creator?.roles ?? [DEFAULT_ROLE],
      createdAt: now,
      updatedAt: now,
    };
    await this.users.create(user);
    await this.audit.record({
      actorId: creator ? actorIdOf(creator.actor) : user.id,
      action: creator ? 'user.created' : 'user.registered',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, roles: user.roles },
    });
    return user;
  }
}
