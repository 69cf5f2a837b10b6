import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';

@Injectable()
export class RemoveGroupMemberInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; groupId: string; memberId: string }): Promise<void> {
    if (!(await this.groups.findById(command.groupId))) throw new NotFoundError('Visibility group');
    if (!(await this.groups.removeMember(command.groupId, command.memberId))) throw new NotFoundError('Member');
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'group.member.removed',
      targetType: 'visibility-group',
      targetId: command.groupId,
      details: { memberId: command.memberId },
    });
  }
}
