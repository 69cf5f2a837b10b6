import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, Clock, NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupView, toGroupView } from '../../shared/groups';

@Injectable()
export class UpdateGroupInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: {
    actor: Actor;
    groupId: string;
    name?: string;
    description?: string | null;
  }): Promise<GroupView> {
    const group = await this.groups.findById(command.groupId);
    if (!group) throw new NotFoundError('Visibility group');
    const updated = {
      ...group,
      name: command.name ?? group.name,
      description: command.description !== undefined ? command.description : group.description,
      updatedAt: this.clock.now(),
    };
    await this.groups.update(updated);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'group.updated',
      targetType: 'visibility-group',
      targetId: group.id,
      details: { before: { name: group.name }, after: { name: updated.name } },
    });
    return toGroupView(updated, await this.groups.members(group.id));
  }
}
