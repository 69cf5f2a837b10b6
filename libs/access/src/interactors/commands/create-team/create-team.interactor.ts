import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditLog, Clock } from '@keyward/kernel';
import { TeamRepository } from '../../../domain/ports';
import { Teams, TeamView } from '../../shared/teams';

/** Any user may create a team; they become its owner. */
@Injectable()
export class CreateTeamInteractor {
  constructor(
    private readonly teams: TeamRepository,
    private readonly views: Teams,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actorId: string; name: string; description?: string | null }): Promise<TeamView> {
    const now = this.clock.now();
    const team = {
      id: randomUUID(),
      name: command.name,
      description: command.description ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.teams.create(team, command.actorId);
    await this.audit.record({
      actorId: command.actorId,
      action: 'team.created',
      targetType: 'team',
      targetId: team.id,
      details: { name: team.name },
    });
    return this.views.view(team);
  }
}
