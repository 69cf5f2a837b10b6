import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '@keyward/core';
import { TeamRepository } from '../../../domain/ports';
import { canEditTeam } from '../../../domain/team';
import { Teams } from '../../shared/teams';

/** Members lose the team's roles at once; resources it owned keep existing without an owner team. */
@Injectable()
export class DeleteTeamInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly views: Teams,
  ) {}

  async execute(command: { actorId: string; teamId: string }): Promise<void> {
    const { actor } = await this.views.visible(command.teamId, command.actorId);
    if (!canEditTeam(actor)) throw new ForbiddenError('Only owners can delete the team');
    if (!(await this.teams.delete(command.teamId))) throw new NotFoundError('Team');
  }
}
