import { Injectable } from '@nestjs/common';
import { AuditLog, Clock } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

@Injectable()
export class UpdateProfileInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { userId: string; name?: string | null }): Promise<void> {
    const user = await requireUser(this.users, command.userId);
    if (command.name === undefined) return;
    await this.users.update({ ...user, name: command.name?.trim() || null, updatedAt: this.clock.now() });
    await this.audit.record({
      actorId: user.id,
      action: 'user.updated',
      targetType: 'user',
      targetId: user.id,
      details: { fields: ['name'] },
    });
  }
}
