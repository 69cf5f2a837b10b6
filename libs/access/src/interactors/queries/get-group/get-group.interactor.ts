import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupView, toGroupView } from '../../shared/groups';

@Injectable()
export class GetGroupInteractor {
  constructor(private readonly groups: GroupRepository) {}

  async execute(query: { groupId: string }): Promise<GroupView> {
    const group = await this.groups.findById(query.groupId);
    if (!group) throw new NotFoundError('Visibility group');
    return toGroupView(group, await this.groups.members(group.id));
  }
}
