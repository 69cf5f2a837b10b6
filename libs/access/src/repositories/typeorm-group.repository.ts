import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, runInTransaction } from '@keyward/core';
import { NotFoundError, Page, PageRequest } from '@keyward/kernel';
import { AlreadyMemberError } from '../domain/access-errors';
import { GroupRepository } from '../domain/ports';
import { GroupMember, VisibilityGroup } from '../domain/visibility-group';
import { GroupMemberEntity, VisibilityGroupEntity } from './group.entities';
import { withMemberCounts } from './member-counts';
import { NamedTable } from './named-table';

@Injectable()
export class TypeormGroupRepository extends GroupRepository {
  private readonly table: NamedTable;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.table = new NamedTable(dataSource, VisibilityGroupEntity, 'visibility group');
  }

  async list(page: PageRequest): Promise<Page<VisibilityGroup & { memberCount: number }>> {
    const [rows, total] = await this.dataSource
      .getRepository(VisibilityGroupEntity)
      .createQueryBuilder('g')
      .orderBy('g.name', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    const items = await withMemberCounts(this.dataSource, GroupMemberEntity, 'group_id', rows);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  async findById(id: string): Promise<VisibilityGroup | null> {
    return this.dataSource.getRepository(VisibilityGroupEntity).findOneBy({ id });
  }

  async existing(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource
      .getRepository(VisibilityGroupEntity)
      .find({ select: { id: true }, where: { id: In(ids) } });
    return rows.map((row) => row.id);
  }

  async create(group: VisibilityGroup): Promise<void> {
    await this.table.insert(group);
  }

  async update(group: VisibilityGroup): Promise<void> {
    await this.table.update(group);
  }

  async delete(id: string): Promise<boolean> {
    return this.table.delete(id);
  }

  async members(groupId: string): Promise<GroupMember[]> {
    const rows = await this.dataSource
      .getRepository(GroupMemberEntity)
      .find({ where: { groupId }, order: { addedAt: 'ASC', id: 'ASC' } });
    return rows.map((row) => ({
      memberId: (row.userId ?? row.teamId)!,
      kind: row.userId ? 'user' : 'team',
      addedAt: row.addedAt,
    }));
  }

  async addMember(groupId: string, member: { kind: 'user' | 'team'; id: string }, at: Date): Promise<void> {
    try {
      await runInTransaction(this.dataSource, (manager) =>
        manager.insert(GroupMemberEntity, {
          id: randomUUID(),
          groupId,
          userId: member.kind === 'user' ? member.id : null,
          teamId: member.kind === 'team' ? member.id : null,
          addedAt: at,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyMemberError();
      if (isForeignKeyViolation(error)) throw new NotFoundError(member.kind === 'user' ? 'User' : 'Team');
      throw error;
    }
  }

  async removeMember(groupId: string, memberId: string): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(GroupMemberEntity)
        .where('group_id = :groupId AND (user_id = :memberId OR team_id = :memberId)', { groupId, memberId })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }
}
