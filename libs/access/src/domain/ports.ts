import { Page, PageRequest, TeamMembershipView } from '@keyward/kernel';
import { BuiltInRole } from './built-in-roles';
import { Resource } from './resource';
import { Role, RoleGrant } from './role';
import { Team, TeamMember, TeamRole } from './team';
import { GroupMember, VisibilityGroup } from './visibility-group';

/** Roles and their permissions. Throws NameTakenError for a duplicate name. The class is the DI token. */
export abstract class RoleRepository {
  abstract list(page: PageRequest): Promise<Page<Role>>;
  abstract findById(id: string): Promise<Role | null>;
  abstract findByNames(names: string[]): Promise<Role[]>;
  abstract create(role: Role): Promise<void>;
  /** Saves name, description, permissions and updatedAt. */
  abstract update(role: Role): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  /** Creates the built-in roles that are missing (concurrent callers are fine); returns the names created. */
  abstract ensureBuiltIn(roles: readonly BuiltInRole[], now: Date): Promise<string[]>;
  /** The user's own roles (by name) and the roles of each of their teams, with their permissions. */
  abstract grantsOf(userId: string, ownRoles: readonly string[]): Promise<RoleGrant[]>;
}

export interface TeamSummary extends Team {
  memberCount: number;
}

/** Teams, their members and the roles granted to them. The class is the DI token. */
export abstract class TeamRepository {
  /** Every team when `memberId` is null, else the teams that user belongs to. */
  abstract list(memberId: string | null, page: PageRequest): Promise<Page<TeamSummary>>;
  abstract findById(id: string): Promise<Team | null>;
  /** Creates the team with its creator as owner. */
  abstract create(team: Team, ownerId: string): Promise<void>;
  abstract update(team: Team): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  abstract members(teamId: string): Promise<TeamMember[]>;
  abstract roleOf(teamId: string, userId: string): Promise<TeamRole | null>;
  /** Throws AlreadyMemberError, or NotFoundError when the user or team does not exist. */
  abstract addMember(teamId: string, member: TeamMember): Promise<void>;
  /**
   * Changes (role) or removes (null) a membership atomically with the last-owner rule: throws LastOwnerError
   * instead of leaving the team without an owner. Returns false when there was no such membership.
   */
  abstract changeMember(teamId: string, userId: string, role: TeamRole | null): Promise<boolean>;
  abstract roleNames(teamId: string): Promise<string[]>;
  abstract setRoles(teamId: string, roleIds: string[]): Promise<void>;
  abstract teamsOf(userId: string): Promise<TeamMembershipView[]>;
}

/** Visibility groups and their members (users and teams). The class is the DI token. */
export abstract class GroupRepository {
  abstract list(page: PageRequest): Promise<Page<VisibilityGroup & { memberCount: number }>>;
  abstract findById(id: string): Promise<VisibilityGroup | null>;
  abstract existing(ids: string[]): Promise<string[]>;
  abstract create(group: VisibilityGroup): Promise<void>;
  abstract update(group: VisibilityGroup): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  abstract members(groupId: string): Promise<GroupMember[]>;
  /** Throws AlreadyMemberError, or NotFoundError when the group, user or team does not exist. */
  abstract addMember(groupId: string, member: { kind: 'user' | 'team'; id: string }, at: Date): Promise<void>;
  abstract removeMember(groupId: string, memberId: string): Promise<boolean>;
}

export interface ResourceFilter {
  type?: string;
  /** Only resources this user sees; null for everything (resource admins). */
  visibleTo: string | null;
}

/** Registered resources. The visibility rule is applied in SQL for lists. The class is the DI token. */
export abstract class ResourceRepository {
  abstract create(resource: Resource): Promise<void>;
  abstract findById(id: string): Promise<Resource | null>;
  abstract list(filter: ResourceFilter, page: PageRequest): Promise<Page<Resource>>;
  /** Saves type, name, ownerTeamId, visibilityGroupIds, attributes and updatedAt. */
  abstract update(resource: Resource): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  /** Inserts the resource under its system key unless one exists; returns the id of the stored one. */
  abstract ensureSystem(resource: Resource, systemKey: string): Promise<string>;
  /** Teams of the user, and the groups they belong to directly or through those teams. */
  abstract membershipsOf(userId: string): Promise<{ teamIds: Set<string>; groupIds: Set<string> }>;
}
