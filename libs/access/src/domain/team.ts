export const TEAM_ROLES = ['owner', 'maintainer', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface Team {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TeamMember {
  userId: string;
  role: TeamRole;
  joinedAt: Date;
}

/** Who is acting on a team: their role in it (null for outsiders) and whether they hold `teams:manage`. */
export interface TeamActor {
  userId: string;
  teamRole: TeamRole | null;
  isTeamAdmin: boolean;
}

export function canSeeTeam(actor: TeamActor): boolean {
  return actor.isTeamAdmin || actor.teamRole !== null;
}

/** Renaming or deleting the team. */
export function canEditTeam(actor: TeamActor): boolean {
  return actor.isTeamAdmin || actor.teamRole === 'owner';
}

/**
 * Changing a membership from `from` (null: not a member yet) to `to` (null: removed). Owners and maintainers
 * manage members, but only owners (and admins) make or unmake owners. Anyone may leave.
 */
export function canChangeMembership(
  actor: TeamActor,
  target: { userId: string; from: TeamRole | null; to: TeamRole | null },
): boolean {
  if (actor.isTeamAdmin || actor.teamRole === 'owner') return true;
  if (target.to === null && target.userId === actor.userId) return true;
  if (actor.teamRole !== 'maintainer') return false;
  return target.from !== 'owner' && target.to !== 'owner';
}
