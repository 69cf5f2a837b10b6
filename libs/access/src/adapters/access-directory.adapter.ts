import { Injectable } from '@nestjs/common';
import { AccessDirectory, TeamMembershipView } from '@keyward/kernel';
import { effectivePermissions } from '../domain/effective-permissions';
import { unknownPermissions } from '../domain/permissions';
import { RoleRepository, TeamRepository } from '../domain/ports';

/**
 * Answers identity's questions from the roles and teams tables, on every call: nothing is cached, so a change to a
 * role, a team or a membership applies to the very next request, whichever API process serves it.
 */
@Injectable()
export class AccessDirectoryAdapter extends AccessDirectory {
  constructor(
    private readonly roles: RoleRepository,
    private readonly teams: TeamRepository,
  ) {
    super();
  }

  async unknownRoles(names: string[]): Promise<string[]> {
    const found = new Set((await this.roles.findByNames(names)).map((role) => role.name));
    return names.filter((name) => !found.has(name));
  }

  async unknownPermissions(names: readonly string[]): Promise<string[]> {
    return unknownPermissions(names);
  }

  async permissionsOf(userId: string, ownRoles: string[]): Promise<string[]> {
    return effectivePermissions(await this.roles.grantsOf(userId, ownRoles));
  }

  async teamsOf(userId: string): Promise<TeamMembershipView[]> {
    return this.teams.teamsOf(userId);
  }
}
