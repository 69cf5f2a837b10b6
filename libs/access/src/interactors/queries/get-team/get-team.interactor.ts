import { Injectable } from '@nestjs/common';
import { Teams, TeamView } from '../../shared/teams';

@Injectable()
export class GetTeamInteractor {
  constructor(private readonly teams: Teams) {}

  async execute(query: { actorId: string; teamId: string }): Promise<TeamView> {
    const { team } = await this.teams.visible(query.teamId, query.actorId);
    return this.teams.view(team);
  }
}
