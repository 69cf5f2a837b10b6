import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';
import { GroupView, toGroupView } from '../../shared/groups';

@Injectable()
export class CreateGroupInteractor {
  constructor(
    private readonly groups: GroupRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: { name: string; description?: string | null }): Promise<GroupView> {
    const now = this.clock.now();
    const group = {
      id: randomUUID(),
      name: command.name,
      description: command.description ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.groups.create(group);
    return toGroupView(group, []);
  }
}
