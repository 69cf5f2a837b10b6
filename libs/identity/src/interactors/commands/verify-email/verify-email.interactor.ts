import { Injectable } from '@nestjs/common';
import { AuditLog, Clock } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { EmailTokens } from '../../shared/email-tokens';

/** Follows a verification link: the account's address is proven. The token works once. */
@Injectable()
export class VerifyEmailInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: EmailTokens,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { token: string }): Promise<void> {
    const { record, user } = await this.tokens.find('email-verification', command.token);
    await this.tokens.consume(record);
    await this.users.update({ ...user, emailVerified: true, updatedAt: this.clock.now() });
    await this.audit.record({
      actorId: user.id,
      action: 'email.verified',
      targetType: 'user',
      targetId: user.id,
      details: {},
    });
  }
}
