/*
 * Port offered by access control: AccessDirectoryAdapter (libs/access/src/adapters/access-directory.adapter.ts).
 * Used by identity (create-user, set-user-roles, get-me, RolePermissionResolver) and the CLI's user:add.
 * Bound in apps/api/src/context-ports.module.ts.
 */

/** A team the user belongs to, with their role in it. */
export interface TeamMembershipView {
  id: string;
  name: string;
  role: string;
}

/** What identity asks of access control about roles and teams. The class is the DI token. */
export abstract class AccessDirectory {
  /** Of the given role names, those that name no role. */
  abstract unknownRoles(names: string[]): Promise<string[]>;
  /** Of the given permission names, those the catalogue does not know (e.g. in an API key's scope). */
  abstract unknownPermissions(names: readonly string[]): Promise<string[]>;
  /** Effective permissions of a user holding `ownRoles`: theirs plus those of every team they belong to. */
  abstract permissionsOf(userId: string, ownRoles: string[]): Promise<string[]>;
  abstract teamsOf(userId: string): Promise<TeamMembershipView[]>;
}
