import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, Clock } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupView, toGroupView } from '../../shared/groups';

@Injectable()
export class CreateGroupInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; name: string; description?: string | null }): Promise<GroupView> {
    const now = this.clock.now();
    const group = {
      id: randomUUID(),
      name: command.name,
      description: command.description ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.groups.create(group);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'group.created',
      targetType: 'visibility-group',
      targetId: group.id,
      details: { name: group.name },
    });
    return toGroupView(group, []);
  }
}
