import { Injectable } from '@nestjs/common';
import { AuditLog, ForbiddenError, NotFoundError } from '@keyward/kernel';
import { ResourceRepository } from '../../../domain/ports';
import { Callers } from '../../shared/caller';
import { ResourceRules } from '../../shared/resource-rules';

@Injectable()
export class DeleteResourceInteractor {
  constructor(
    private readonly resources: ResourceRepository,
    private readonly rules: ResourceRules,
    private readonly callers: Callers,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actorId: string; resourceId: string }): Promise<void> {
    const admin = await this.callers.holds(command.actorId, 'resources:manage');
    const resource = await this.callers.visibleResource(command.actorId, command.resourceId);
    if (!(await this.rules.canManage(command.actorId, admin, resource)))
      throw new ForbiddenError(
        'Only the creator, owners and maintainers of the owner team, and admins delete a resource',
      );
    if (!(await this.resources.delete(resource.id))) throw new NotFoundError('Resource');
    await this.audit.record({
      actorId: command.actorId,
      action: 'resource.deleted',
      targetType: 'resource',
      targetId: resource.id,
      details: { type: resource.type, name: resource.name },
    });
  }
}
