import { Injectable } from '@nestjs/common';
import { ForbiddenError, ValidationFailedError } from '@keyward/kernel';
import { GroupRepository, TeamRepository } from '../../domain/ports';
import { Resource } from '../../domain/resource';

/** Who may register and change resources, and which references they may set. */
@Injectable()
export class ResourceRules {
  constructor(
    private readonly teams: TeamRepository,
    private readonly groups: GroupRepository,
  ) {}

  /** A resource may only be given to a team one belongs to (resource admins: any team), and only to groups that exist. */
  async checkReferences(
    actorId: string,
    isResourceAdmin: boolean,
    refs: { ownerTeamId: string | null; visibilityGroupIds: string[] },
  ): Promise<void> {
    if (refs.ownerTeamId) {
      if (!(await this.teams.findById(refs.ownerTeamId)))
        throw new ValidationFailedError('Validation failed', [{ field: 'ownerTeamId', message: 'no such team' }]);
      if (!isResourceAdmin && !(await this.teams.roleOf(refs.ownerTeamId, actorId)))
        throw new ForbiddenError('A resource can only be given to a team you belong to');
    }
    const existing = await this.groups.existing(refs.visibilityGroupIds);
    const missing = refs.visibilityGroupIds.filter((id) => !existing.includes(id));
    if (missing.length)
      throw new ValidationFailedError('Validation failed', [
        { field: 'visibilityGroupIds', message: `no such visibility group: ${missing.join(', ')}` },
      ]);
  }

  /** Changing or deleting: resource admins, the creator, and owners and maintainers of the owner team. */
  async canManage(actorId: string, isResourceAdmin: boolean, resource: Resource): Promise<boolean> {
    if (isResourceAdmin || resource.createdBy === actorId) return true;
    if (!resource.ownerTeamId) return false;
    const role = await this.teams.roleOf(resource.ownerTeamId, actorId);
    return role === 'owner' || role === 'maintainer';
  }
}
