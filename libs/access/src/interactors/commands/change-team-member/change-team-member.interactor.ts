import { Injectable } from '@nestjs/common';
import { AuditLog, ForbiddenError, NotFoundError, userActor } from '@keyward/kernel';
import { TeamRepository } from '../../../domain/ports';
import { canChangeMembership, TeamRole } from '../../../domain/team';
import { Grants } from '../../shared/grants';
import { Teams } from '../../shared/teams';

/**
 * Changes a member's role (`role`) or removes them (null); the last owner can neither leave nor be demoted. Changing
 * someone else's membership needs what the team's roles carry (see Grants); leaving needs nothing.
 */
@Injectable()
export class ChangeTeamMemberInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly views: Teams,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actorId: string; teamId: string; userId: string; role: TeamRole | null }) {
    const { actor } = await this.views.visible(command.teamId, command.actorId);
    const from = await this.teams.roleOf(command.teamId, command.userId);
    if (!from) throw new NotFoundError('Member');
    if (!canChangeMembership(actor, { userId: command.userId, from, to: command.role }))
      throw new ForbiddenError('Only owners and maintainers manage members, and only owners manage owners');
    const leaving = command.role === null && command.userId === command.actorId;
    if (!leaving) await this.grants.assertMayChangeTeamMembership(userActor(command.actorId), command.teamId);
    if (!(await this.teams.changeMember(command.teamId, command.userId, command.role)))
      throw new NotFoundError('Member');
    await this.audit.record({
      actorId: command.actorId,
      action: command.role === null ? 'team.member.removed' : 'team.member.changed',
      targetType: 'team',
      targetId: command.teamId,
      details: { userId: command.userId, from, to: command.role },
    });
    const member = (await this.teams.members(command.teamId)).find((m) => m.userId === command.userId);
    return member ? { userId: member.userId, role: member.role, joinedAt: member.joinedAt.toISOString() } : null;
  }
}
