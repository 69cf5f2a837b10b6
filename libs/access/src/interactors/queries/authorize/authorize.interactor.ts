import { Injectable } from '@nestjs/common';
import { callerScopeOf } from '@keyward/core';
import { AccountDirectory, ForbiddenError, NotFoundError, withinScope } from '@keyward/kernel';
import { UnknownPermissionError } from '../../../domain/access-errors';
import { effectivePermissions, grantFor } from '../../../domain/effective-permissions';
import { unknownPermissions } from '../../../domain/permissions';
import { ResourceRepository, RoleRepository } from '../../../domain/ports';
import { Callers } from '../../shared/caller';

export interface AuthorizeQuery {
  actorId: string;
  permission: string;
  resourceId?: string;
  userId?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/**
 * Whether a user (the caller, or anyone for holders of `authz:check`) may do something, and why. A caller asking
 * about itself through a scoped API key is answered for the key: only what is within its scope.
 */
@Injectable()
export class AuthorizeInteractor {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly roles: RoleRepository,
    private readonly resources: ResourceRepository,
    private readonly callers: Callers,
  ) {}

  async execute(query: AuthorizeQuery): Promise<Decision> {
    if (unknownPermissions([query.permission]).length)
      throw new UnknownPermissionError([query.permission], 'permission');
    const subjectId = query.userId ?? query.actorId;
    if (subjectId !== query.actorId && !(await this.callers.holds(query.actorId, 'authz:check')))
      throw new ForbiddenError('Asking about another user needs authz:check');
    const subject = await this.accounts.find(subjectId);
    if (!subject) throw new NotFoundError('User');
    if (!subject.active) return { allowed: false, reason: 'the account is deactivated' };
    const grants = await this.roles.grantsOf(subject.id, subject.roles);
    const grant = grantFor(grants, query.permission);
    if (!grant) return { allowed: false, reason: `no role grants ${query.permission}` };
    const scope = callerScopeOf(subject.id);
    if (scope && !scope.includes(query.permission))
      return { allowed: false, reason: `the API key's scope does not include ${query.permission}` };
    const source = grant.team ? `role ${grant.role} of team ${grant.team.name}` : `role ${grant.role}`;
    if (query.resourceId !== undefined) {
      const resource = await this.resources.findById(query.resourceId);
      const admin = withinScope(effectivePermissions(grants), scope).includes('resources:manage');
      if (!resource || !(await this.callers.sees(subject.id, resource, admin)))
        return { allowed: false, reason: 'the resource does not exist or is not visible to the user' };
      return { allowed: true, reason: `${query.permission} granted by ${source}; the resource is visible to the user` };
    }
    return { allowed: true, reason: `${query.permission} granted by ${source}` };
  }
}
