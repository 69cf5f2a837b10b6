import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditLog, Clock } from '@keyward/kernel';
import { ResourceRepository } from '../../../domain/ports';
import { ResourceView, toResourceView } from '../../../domain/resource';
import { Callers } from '../../shared/caller';
import { ResourceRules } from '../../shared/resource-rules';

export interface CreateResourceCommand {
  actorId: string;
  type: string;
  name: string;
  ownerTeamId?: string | null;
  visibilityGroupIds?: string[];
  attributes?: Record<string, unknown>;
}

/** Any user may register a resource; they are its creator and always see it. */
@Injectable()
export class CreateResourceInteractor {
  constructor(
    private readonly resources: ResourceRepository,
    private readonly rules: ResourceRules,
    private readonly callers: Callers,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateResourceCommand): Promise<ResourceView> {
    const refs = {
      ownerTeamId: command.ownerTeamId ?? null,
      visibilityGroupIds: [...new Set(command.visibilityGroupIds ?? [])],
    };
    await this.rules.checkReferences(
      command.actorId,
      await this.callers.holds(command.actorId, 'resources:manage'),
      refs,
    );
    const now = this.clock.now();
    const resource = {
      id: randomUUID(),
      type: command.type,
      name: command.name,
      ...refs,
      attributes: command.attributes ?? {},
      createdBy: command.actorId,
      createdAt: now,
      updatedAt: now,
    };
    await this.resources.create(resource);
    await this.audit.record({
      actorId: command.actorId,
      action: 'resource.created',
      targetType: 'resource',
      targetId: resource.id,
      details: { type: resource.type, name: resource.name, ...refs },
    });
    return toResourceView(resource);
  }
}
