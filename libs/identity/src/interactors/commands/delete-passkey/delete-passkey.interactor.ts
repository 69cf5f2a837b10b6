import { Injectable } from '@nestjs/common';
import { AuditLog, NotFoundError } from '@keyward/kernel';
import { PasskeyRepository } from '../../../domain/passkey-ports';

/** Deletes one of the caller's passkeys; another user's id is NOT_FOUND, like an unknown one. */
@Injectable()
export class DeletePasskeyInteractor {
  constructor(
    private readonly passkeys: PasskeyRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { userId: string; id: string }): Promise<void> {
    if (!(await this.passkeys.deleteForUser(command.userId, command.id))) throw new NotFoundError('Passkey');
    await this.audit.record({
      actorId: command.userId,
      action: 'passkey.deleted',
      targetType: 'passkey',
      targetId: command.id,
      details: { userId: command.userId },
    });
  }
}
