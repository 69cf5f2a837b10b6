import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, ResourceGate } from '@keyward/kernel';
import { ResourceRepository } from '../domain/ports';
import { isOpen } from '../domain/visibility';
import { Callers } from '../interactors/shared/caller';

@Injectable()
export class ResourceGateAdapter extends ResourceGate {
  constructor(
    private readonly resources: ResourceRepository,
    private readonly callers: Callers,
    private readonly clock: Clock,
  ) {
    super();
  }

  async ensureSystemResource(input: { type: string; name: string; attributes?: Record<string, unknown> }) {
    const now = this.clock.now();
    const id = await this.resources.ensureSystem(
      {
        id: randomUUID(),
        type: input.type,
        name: input.name,
        ownerTeamId: null,
        visibilityGroupIds: [],
        attributes: input.attributes ?? {},
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      },
      `${input.type}:${input.name}`,
    );
    return { id };
  }

  async usableBy(userId: string, resourceId: string): Promise<boolean> {
    const resource = await this.resources.findById(resourceId);
    if (!resource) return false;
    return isOpen(resource) || this.callers.sees(userId, resource);
  }
}
