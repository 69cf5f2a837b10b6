import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, ForbiddenError } from '@keyward/kernel';
import { ResourceRepository } from '../../../domain/ports';
import { ResourceView, toResourceView } from '../../../domain/resource';
import { Callers } from '../../shared/caller';
import { ResourceRules } from '../../shared/resource-rules';

export interface UpdateResourceCommand {
  actorId: string;
  resourceId: string;
  type?: string;
  name?: string;
  ownerTeamId?: string | null;
  visibilityGroupIds?: string[];
  attributes?: Record<string, unknown>;
}

@Injectable()
export class UpdateResourceInteractor {
  constructor(
    private readonly resources: ResourceRepository,
    private readonly rules: ResourceRules,
    private readonly callers: Callers,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: UpdateResourceCommand): Promise<ResourceView> {
    const admin = await this.callers.holds(command.actorId, 'resources:manage');
    const resource = await this.callers.visibleResource(command.actorId, command.resourceId);
    if (!(await this.rules.canManage(command.actorId, admin, resource)))
      throw new ForbiddenError(
        'Only the creator, owners and maintainers of the owner team, and admins change a resource',
      );
    const refs = {
      ownerTeamId: command.ownerTeamId !== undefined ? command.ownerTeamId : resource.ownerTeamId,
      visibilityGroupIds: command.visibilityGroupIds
        ? [...new Set(command.visibilityGroupIds)]
        : resource.visibilityGroupIds,
    };
    // Only a new owner team needs checking: keeping the current one is fine even after leaving it.
    await this.rules.checkReferences(command.actorId, admin, {
      ownerTeamId: refs.ownerTeamId !== resource.ownerTeamId ? refs.ownerTeamId : null,
      visibilityGroupIds: refs.visibilityGroupIds,
    });
    const updated = {
      ...resource,
      type: command.type ?? resource.type,
      name: command.name ?? resource.name,
      ...refs,
      attributes: command.attributes ?? resource.attributes,
      updatedAt: this.clock.now(),
    };
    await this.resources.update(updated);
    const fields = (['type', 'name', 'ownerTeamId', 'visibilityGroupIds', 'attributes'] as const).filter(
      (field) => JSON.stringify(updated[field]) !== JSON.stringify(resource[field]),
    );
    await this.audit.record({
      actorId: command.actorId,
      action: 'resource.updated',
      targetType: 'resource',
      targetId: resource.id,
      details: { fields },
    });
    return toResourceView(updated);
  }
}
