import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, NotFoundError } from '@keyward/kernel';
import { UnknownRoleError } from '../../../domain/access-errors';
import { RoleRepository, TeamRepository } from '../../../domain/ports';
import { Grants } from '../../shared/grants';
import { Teams, TeamView } from '../../shared/teams';

/** The roles every member of the team receives, on their next request. Admins only: it grants to many at once. */
@Injectable()
export class SetTeamRolesInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly roles: RoleRepository,
    private readonly views: Teams,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; teamId: string; roles: string[] }): Promise<TeamView> {
    await this.grants.assertMaySetTeamRoles(command.actor);
    const names = [...new Set(command.roles)];
    const found = await this.roles.findByNames(names);
    const unknown = names.filter((name) => !found.some((role) => role.name === name));
    if (unknown.length) throw new UnknownRoleError(unknown);
    const team = await this.teams.findById(command.teamId);
    if (!team) throw new NotFoundError('Team');
    const before = await this.teams.roleNames(team.id);
    await this.teams.setRoles(
      team.id,
      found.map((role) => role.id),
    );
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'team.roles.set',
      targetType: 'team',
      targetId: team.id,
      details: { before, after: found.map((role) => role.name) },
    });
    return this.views.view(team);
  }
}
