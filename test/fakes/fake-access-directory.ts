import { AccessDirectory, TeamMembershipView } from '@keyward/kernel';

/** Access control reduced to a fixed role table, for identity's unit tests. */
export class FakeAccessDirectory extends AccessDirectory {
  readonly teams = new Map<string, TeamMembershipView[]>();

  constructor(
    readonly roles: Record<string, string[]> = {
      admin: ['users:read', 'users:write'],
      user: [],
      signer: ['signing:sign'],
    },
  ) {
    super();
  }

  async unknownRoles(names: string[]): Promise<string[]> {
    return names.filter((name) => !Object.hasOwn(this.roles, name));
  }

  async unknownPermissions(names: readonly string[]): Promise<string[]> {
    const known = new Set(Object.values(this.roles).flat());
    return names.filter((name) => !known.has(name));
  }

  async permissionsOf(_userId: string, ownRoles: string[]): Promise<string[]> {
    return [...new Set(ownRoles.flatMap((role) => this.roles[role] ?? []))].sort();
  }

  async teamsOf(userId: string): Promise<TeamMembershipView[]> {
    return this.teams.get(userId) ?? [];
  }
}
