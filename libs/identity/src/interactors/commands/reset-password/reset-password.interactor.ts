import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, Clock } from '@keyward/kernel';
import { PasswordPolicy } from '../../../domain/password-policy';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { EmailTokens } from '../../shared/email-tokens';

/**
 * Sets a new password through a reset link and revokes every session of the account. A weak password leaves
 * the token usable, so the user can try another one.
 */
@Injectable()
export class ResetPasswordInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: EmailTokens,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { token: string; newPassword: string }): Promise<void> {
    const { record, user } = await this.tokens.find('password-reset', command.token);
    this.policy.check(command.newPassword, { email: user.email });
    const passwordHash = await this.hasher.hash(command.newPassword);
    await this.tokens.consume(record);
    await this.users.update({ ...user, passwordHash, updatedAt: this.clock.now() });
    const revoked = await this.sessions.deleteAllForUser(user.id);
    await this.audit.record({
      actorId: user.id,
      action: 'password.reset',
      targetType: 'user',
      targetId: user.id,
      details: { sessionsRevoked: revoked },
    });
  }
}
