import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, Clock, NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupMemberView } from '../../shared/groups';

@Injectable()
export class AddGroupMemberInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: {
    actor: Actor;
    groupId: string;
    member: { kind: 'user' | 'team'; id: string };
  }): Promise<GroupMemberView> {
    if (!(await this.groups.findById(command.groupId))) throw new NotFoundError('Visibility group');
    const at = this.clock.now();
    await this.groups.addMember(command.groupId, command.member, at);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'group.member.added',
      targetType: 'visibility-group',
      targetId: command.groupId,
      details: { memberType: command.member.kind, memberId: command.member.id },
    });
    return { memberId: command.member.id, type: command.member.kind, addedAt: at.toISOString() };
  }
}
