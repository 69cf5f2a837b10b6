import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';

/** Resources attached to the group stop being visible through it at once. */
@Injectable()
export class DeleteGroupInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; groupId: string }): Promise<void> {
    if (!(await this.groups.delete(command.groupId))) throw new NotFoundError('Visibility group');
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'group.deleted',
      targetType: 'visibility-group',
      targetId: command.groupId,
      details: {},
    });
  }
}
