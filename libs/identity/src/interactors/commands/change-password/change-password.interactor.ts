import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, Clock } from '@keyward/kernel';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

export interface ChangePasswordCommand {
  userId: string;
  /** The caller's session survives; every other session is revoked. */
  currentSessionId: string | null;
  currentPassword: string;
  newPassword: string;
}

@Injectable()
export class ChangePasswordInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<void> {
    const user = await requireUser(this.users, command.userId);
    if (!(await this.hasher.verify(user.passwordHash, command.currentPassword))) throw new InvalidCredentialsError();
    this.policy.check(command.newPassword, { email: user.email });
    const passwordHash = await this.hasher.hash(command.newPassword);
    await this.users.update({ ...user, passwordHash, updatedAt: this.clock.now() });
    const revoked = await this.sessions.deleteAllForUser(user.id, command.currentSessionId ?? undefined);
    await this.audit.record({
      actorId: user.id,
      action: 'user.password.changed',
      targetType: 'user',
      targetId: user.id,
      details: { otherSessionsRevoked: revoked },
    });
  }
}
