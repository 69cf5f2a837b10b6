import { Injectable } from '@nestjs/common';
import { AuditLog, ForbiddenError, NotFoundError, userActor } from '@keyward/kernel';
import { TeamRepository } from '../../../domain/ports';
import { canEditTeam } from '../../../domain/team';
import { Grants } from '../../shared/grants';
import { Teams } from '../../shared/teams';

/**
 * Members lose the team's roles at once (so the actor must hold what they carry); resources it owned keep existing
 * without an owner team.
 */
@Injectable()
export class DeleteTeamInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly views: Teams,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actorId: string; teamId: string }): Promise<void> {
    const { actor } = await this.views.visible(command.teamId, command.actorId);
    if (!canEditTeam(actor)) throw new ForbiddenError('Only owners can delete the team');
    await this.grants.assertMayChangeTeamMembership(userActor(command.actorId), command.teamId);
    if (!(await this.teams.delete(command.teamId))) throw new NotFoundError('Team');
    await this.audit.record({
      actorId: command.actorId,
      action: 'team.deleted',
      targetType: 'team',
      targetId: command.teamId,
      details: {},
    });
  }
}
