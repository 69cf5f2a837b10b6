import { Injectable } from '@nestjs/common';
import { NotFoundError, PermissionResolver } from '@keyward/kernel';
import { isVisible } from '../../domain/visibility';
import { Resource } from '../../domain/resource';
import { ResourceRepository } from '../../domain/ports';

/** Who is calling an access-control interactor: the permissions they hold now, and what they may see. */
@Injectable()
export class Callers {
  constructor(
    private readonly permissions: PermissionResolver,
    private readonly resources: ResourceRepository,
  ) {}

  async holds(userId: string, permission: string): Promise<boolean> {
    return (await this.permissions.permissionsOf(userId)).has(permission);
  }

  async sees(userId: string, resource: Resource, isResourceAdmin?: boolean): Promise<boolean> {
    const admin = isResourceAdmin ?? (await this.holds(userId, 'resources:manage'));
    if (admin || resource.createdBy === userId) return true;
    const { teamIds, groupIds } = await this.resources.membershipsOf(userId);
    return isVisible({ userId, isResourceAdmin: admin, resource, teamIds, groupIds });
  }

  /** The resource, if the user sees it; invisible and missing resources are indistinguishable (404). */
  async visibleResource(userId: string, resourceId: string): Promise<Resource> {
    const resource = await this.resources.findById(resourceId);
    if (!resource || !(await this.sees(userId, resource))) throw new NotFoundError('Resource');
    return resource;
  }
}
