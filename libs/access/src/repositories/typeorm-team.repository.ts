import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, replaceRows, runInTransaction } from '@keyward/core';
import { NotFoundError, Page, PageRequest, TeamMembershipView } from '@keyward/kernel';
import { AlreadyMemberError, LastOwnerError } from '../domain/access-errors';
import { TeamRepository, TeamSummary } from '../domain/ports';
import { Team, TeamMember, TeamRole } from '../domain/team';
import { TeamRoleEntity } from './role.entities';
import { TeamEntity, TeamMemberEntity } from './team.entities';
import { withMemberCounts } from './member-counts';
import { NamedTable } from './named-table';

@Injectable()
export class TypeormTeamRepository extends TeamRepository {
  private readonly table: NamedTable;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.table = new NamedTable(dataSource, TeamEntity, 'team');
  }

  async list(memberId: string | null, page: PageRequest): Promise<Page<TeamSummary>> {
    const query = this.dataSource
      .getRepository(TeamEntity)
      .createQueryBuilder('t')
      .orderBy('t.name', 'ASC')
      .addOrderBy('t.id', 'ASC');
    if (memberId)
      query.where('t.id IN (SELECT m.team_id FROM team_members m WHERE m.user_id = :memberId)', { memberId });
    const [rows, total] = await query.skip(page.offset).take(page.limit).getManyAndCount();
    const items = await withMemberCounts(this.dataSource, TeamMemberEntity, 'team_id', rows);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  async findById(id: string): Promise<Team | null> {
    return this.dataSource.getRepository(TeamEntity).findOneBy({ id });
  }

  async create(team: Team, ownerId: string): Promise<void> {
    try {
      await this.table.insert(team, (manager) =>
        manager.insert(TeamMemberEntity, { teamId: team.id, userId: ownerId, role: 'owner', joinedAt: team.createdAt }),
      );
    } catch (error) {
      // The owner's account was deleted meanwhile.
      if (isForeignKeyViolation(error)) throw new NotFoundError('User');
      throw error;
    }
  }

  async update(team: Team): Promise<void> {
    await this.table.update(team);
  }

  async delete(id: string): Promise<boolean> {
    return this.table.delete(id);
  }

  async members(teamId: string): Promise<TeamMember[]> {
    const rows = await this.dataSource
      .getRepository(TeamMemberEntity)
      .find({ where: { teamId }, order: { joinedAt: 'ASC', userId: 'ASC' } });
    return rows.map((row) => ({ userId: row.userId, role: row.role as TeamRole, joinedAt: row.joinedAt }));
  }

  async roleOf(teamId: string, userId: string): Promise<TeamRole | null> {
    const row = await this.dataSource.getRepository(TeamMemberEntity).findOneBy({ teamId, userId });
    return (row?.role as TeamRole | undefined) ?? null;
  }

  async addMember(teamId: string, member: TeamMember): Promise<void> {
    try {
      await runInTransaction(this.dataSource, (manager) =>
        manager.insert(TeamMemberEntity, {
          teamId,
          userId: member.userId,
          role: member.role,
          joinedAt: member.joinedAt,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyMemberError();
      if (isForeignKeyViolation(error)) throw new NotFoundError('User');
      throw error;
    }
  }

  async changeMember(teamId: string, userId: string, role: TeamRole | null): Promise<boolean> {
    return runInTransaction(this.dataSource, async (manager) => {
      await this.lockTeam(manager, teamId);
      const current = await manager.findOneBy(TeamMemberEntity, { teamId, userId });
      if (!current) return false;
      if (current.role === 'owner' && role !== 'owner') {
        const owners = await manager.countBy(TeamMemberEntity, { teamId, role: 'owner' });
        if (owners <= 1) throw new LastOwnerError();
      }
      if (role === null) await manager.delete(TeamMemberEntity, { teamId, userId });
      else await manager.update(TeamMemberEntity, { teamId, userId }, { role });
      return true;
    });
  }

  async roleNames(teamId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(TeamRoleEntity)
      .createQueryBuilder('tr')
      .innerJoin('roles', 'r', 'r.id = tr.role_id')
      .select('r.name', 'name')
      .where('tr.team_id = :teamId', { teamId })
      .orderBy('r.name', 'ASC')
      .getRawMany<{ name: string }>();
    return rows.map((row) => row.name);
  }

  async setRoles(teamId: string, roleIds: string[]): Promise<void> {
    try {
      await replaceRows(
        this.dataSource,
        TeamRoleEntity,
        { teamId },
        roleIds.map((roleId) => ({ teamId, roleId })),
      );
    } catch (error) {
      // The team or one of the roles was deleted meanwhile.
      if (isForeignKeyViolation(error)) throw new NotFoundError('Team');
      throw error;
    }
  }

  async teamsOf(userId: string): Promise<TeamMembershipView[]> {
    return this.dataSource
      .getRepository(TeamMemberEntity)
      .createQueryBuilder('m')
      .innerJoin(TeamEntity, 't', 't.id = m.team_id')
      .select(['t.id AS id', 't.name AS name', 'm.role AS role'])
      .where('m.user_id = :userId', { userId })
      .orderBy('t.name', 'ASC')
      .getRawMany<TeamMembershipView>();
  }

  // Serialises membership changes of one team on PostgreSQL, so two owners demoting each other at once cannot
  // both pass the last-owner check. SQLite already runs one transaction at a time.
  private async lockTeam(manager: EntityManager, teamId: string): Promise<void> {
    if (manager.connection.options.type !== 'postgres') return;
    await manager
      .getRepository(TeamEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :teamId', { teamId })
      .getOne();
  }
}
