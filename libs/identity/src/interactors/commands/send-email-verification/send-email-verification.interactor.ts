import { Injectable } from '@nestjs/common';
import { AuditLog } from '@keyward/kernel';
import { AccountMailConfig } from '../../../account-mail.config';
import { Mailer } from '../../../domain/email-token';
import { EmailAlreadyVerifiedError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { emailVerificationMail } from '../../shared/account-mails';
import { EmailTokens } from '../../shared/email-tokens';
import { requireUser } from '../../shared/users';

/** Mails the caller a link that proves their address; a new link replaces the previous one. */
@Injectable()
export class SendEmailVerificationInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: EmailTokens,
    private readonly mailer: Mailer,
    private readonly config: AccountMailConfig,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { userId: string }): Promise<void> {
    const user = await requireUser(this.users, command.userId);
    if (user.emailVerified) throw new EmailAlreadyVerifiedError();
    const ttl = this.config.verificationTokenTtlSeconds;
    const token = await this.tokens.issue(user, 'email-verification', ttl);
    await this.mailer.send(emailVerificationMail(user.email, this.config.linkBase, token, ttl));
    await this.audit.record({
      actorId: user.id,
      action: 'email.verification.sent',
      targetType: 'user',
      targetId: user.id,
      details: {},
    });
  }
}
