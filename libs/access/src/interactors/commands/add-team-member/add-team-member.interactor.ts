import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, ForbiddenError, userActor } from '@keyward/kernel';
import { TeamRepository } from '../../../domain/ports';
import { canChangeMembership, TeamRole } from '../../../domain/team';
import { Grants } from '../../shared/grants';
import { Teams, toMemberView } from '../../shared/teams';

/** A new member receives the team's roles, so whoever adds them must hold what those roles carry. */
@Injectable()
export class AddTeamMemberInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly views: Teams,
    private readonly clock: Clock,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actorId: string; teamId: string; userId: string; role: TeamRole }) {
    const { actor } = await this.views.visible(command.teamId, command.actorId);
    if (!canChangeMembership(actor, { userId: command.userId, from: null, to: command.role }))
      throw new ForbiddenError('Only owners and maintainers manage members, and only owners add owners');
    await this.grants.assertMayChangeTeamMembership(userActor(command.actorId), command.teamId);
    const member = { userId: command.userId, role: command.role, joinedAt: this.clock.now() };
    await this.teams.addMember(command.teamId, member);
    await this.audit.record({
      actorId: command.actorId,
      action: 'team.member.added',
      targetType: 'team',
      targetId: command.teamId,
      details: { userId: command.userId, role: command.role },
    });
    return toMemberView(member);
  }
}
