import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';

@Injectable()
export class RemoveGroupMemberInteractor {
  constructor(private readonly groups: GroupRepository) {}

  async execute(command: { groupId: string; memberId: string }): Promise<void> {
    if (!(await this.groups.findById(command.groupId))) throw new NotFoundError('Visibility group');
    if (!(await this.groups.removeMember(command.groupId, command.memberId))) throw new NotFoundError('Member');
  }
}
