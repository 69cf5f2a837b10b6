import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupMemberView } from '../../shared/groups';

@Injectable()
export class AddGroupMemberInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: { groupId: string; member: { kind: 'user' | 'team'; id: string } }): Promise<GroupMemberView> {
    if (!(await this.groups.findById(command.groupId))) throw new NotFoundError('Visibility group');
    const at = this.clock.now();
    await this.groups.addMember(command.groupId, command.member, at);
    return { memberId: command.member.id, type: command.member.kind, addedAt: at.toISOString() };
  }
}
