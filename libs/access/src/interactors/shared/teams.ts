import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/kernel';
import { TeamRepository } from '../../domain/ports';
import { canSeeTeam, Team, TeamActor, TeamMember } from '../../domain/team';
import { Callers } from './caller';

export interface TeamView {
  id: string;
  name: string;
  description: string | null;
  roles: string[];
  members: { userId: string; role: string; joinedAt: string }[];
  createdAt: string;
  updatedAt: string;
}

export function toMemberView(member: TeamMember) {
  return { userId: member.userId, role: member.role, joinedAt: member.joinedAt.toISOString() };
}

/** Loads a team as the acting user sees it: outsiders without `teams:manage` get 404, as for a missing team. */
@Injectable()
export class Teams {
  constructor(
    private readonly teams: TeamRepository,
    private readonly callers: Callers,
  ) {}

  async visible(teamId: string, userId: string): Promise<{ team: Team; actor: TeamActor }> {
    const team = await this.teams.findById(teamId);
    if (!team) throw new NotFoundError('Team');
    const actor: TeamActor = {
      userId,
      teamRole: await this.teams.roleOf(teamId, userId),
      isTeamAdmin: await this.callers.holds(userId, 'teams:manage'),
    };
    if (!canSeeTeam(actor)) throw new NotFoundError('Team');
    return { team, actor };
  }

  async view(team: Team): Promise<TeamView> {
    const [members, roles] = await Promise.all([this.teams.members(team.id), this.teams.roleNames(team.id)]);
    return {
      id: team.id,
      name: team.name,
      description: team.description,
      roles,
      members: members.map(toMemberView),
      createdAt: team.createdAt.toISOString(),
      updatedAt: team.updatedAt.toISOString(),
    };
  }
}
