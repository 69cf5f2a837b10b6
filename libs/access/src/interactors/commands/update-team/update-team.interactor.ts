import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, ForbiddenError } from '@keyward/kernel';
import { TeamRepository } from '../../../domain/ports';
import { canEditTeam } from '../../../domain/team';
import { Teams, TeamView } from '../../shared/teams';

@Injectable()
export class UpdateTeamInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly views: Teams,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: {
    actorId: string;
    teamId: string;
    name?: string;
    description?: string | null;
  }): Promise<TeamView> {
    const { team, actor } = await this.views.visible(command.teamId, command.actorId);
    if (!canEditTeam(actor)) throw new ForbiddenError('Only owners can change the team');
    const updated = {
      ...team,
      name: command.name ?? team.name,
      description: command.description !== undefined ? command.description : team.description,
      updatedAt: this.clock.now(),
    };
    await this.teams.update(updated);
    await this.audit.record({
      actorId: command.actorId,
      action: 'team.updated',
      targetType: 'team',
      targetId: team.id,
      details: { before: { name: team.name }, after: { name: updated.name } },
    });
    return this.views.view(updated);
  }
}
