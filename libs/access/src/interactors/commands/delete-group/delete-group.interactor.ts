import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/kernel';
import { GroupRepository } from '../../../domain/ports';

/** Resources attached to the group stop being visible through it at once. */
@Injectable()
export class DeleteGroupInteractor {
  constructor(private readonly groups: GroupRepository) {}

  async execute(command: { groupId: string }): Promise<void> {
    if (!(await this.groups.delete(command.groupId))) throw new NotFoundError('Visibility group');
  }
}
