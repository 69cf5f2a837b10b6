import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupView, toGroupView } from '../../shared/groups';

@Injectable()
export class UpdateGroupInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: { groupId: string; name?: string; description?: string | null }): Promise<GroupView> {
    const group = await this.groups.findById(command.groupId);
    if (!group) throw new NotFoundError('Visibility group');
    const updated = {
      ...group,
      name: command.name ?? group.name,
      description: command.description !== undefined ? command.description : group.description,
      updatedAt: this.clock.now(),
    };
    await this.groups.update(updated);
    return toGroupView(updated, await this.groups.members(group.id));
  }
}
