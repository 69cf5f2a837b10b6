import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, runInTransaction } from '@keyward/core';
import { NotFoundError, Page, PageRequest } from '@keyward/kernel';
import { ResourceFilter, ResourceRepository } from '../domain/ports';
import { Resource } from '../domain/resource';
import { GroupMemberEntity } from './group.entities';
import { ResourceEntity, ResourceGroupEntity } from './resource.entities';
import { TeamMemberEntity } from './team.entities';

/**
 * The visibility rule of `isVisible` as SQL: the ids of the resources a user created, those owned by one of their
 * teams, and those attached to a group they belong to directly or through a team. Each branch is an index lookup,
 * so a list costs what the user sees, not what the table holds.
 */
const VISIBLE_IDS = `
  SELECT v.id FROM resources v WHERE v.created_by = :viewer
  UNION SELECT v.id FROM resources v JOIN team_members vt ON vt.team_id = v.owner_team_id WHERE vt.user_id = :viewer
  UNION SELECT vg.resource_id FROM resource_groups vg
    JOIN group_members vm ON vm.group_id = vg.group_id WHERE vm.user_id = :viewer
  UNION SELECT vg.resource_id FROM resource_groups vg
    JOIN group_members vm ON vm.group_id = vg.group_id
    JOIN team_members vt ON vt.team_id = vm.team_id WHERE vt.user_id = :viewer`;

@Injectable()
export class TypeormResourceRepository extends ResourceRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async create(resource: Resource): Promise<void> {
    await translateMissing(() =>
      runInTransaction(this.dataSource, async (manager) => {
        await manager.insert(ResourceEntity, toRow(resource, null));
        await insertGroups(manager, resource);
      }),
    );
  }

  async findById(id: string): Promise<Resource | null> {
    const row = await this.dataSource.getRepository(ResourceEntity).findOneBy({ id });
    return row ? (await this.withGroups([row]))[0] : null;
  }

  async list(filter: ResourceFilter, page: PageRequest): Promise<Page<Resource>> {
    const query = this.dataSource
      .getRepository(ResourceEntity)
      .createQueryBuilder('r')
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC');
    if (filter.type) query.andWhere('r.type = :type', { type: filter.type });
    if (filter.visibleTo) {
      // PostgreSQL plans `IN (subquery)` as a hash join over the whole table; `= ANY(ARRAY(...))` makes it fetch the
      // visible ids by primary key (measured with 100,000 resources: 19 ms -> 5 ms). SQLite does that for IN already.
      const postgres = this.dataSource.options.type === 'postgres';
      query.andWhere(postgres ? `r.id = ANY(ARRAY(${VISIBLE_IDS}))` : `r.id IN (${VISIBLE_IDS})`, {
        viewer: filter.visibleTo,
      });
    }
    const [rows, total] = await query.skip(page.offset).take(page.limit).getManyAndCount();
    return { items: await this.withGroups(rows), total, limit: page.limit, offset: page.offset };
  }

  async update(resource: Resource): Promise<void> {
    await translateMissing(() =>
      runInTransaction(this.dataSource, async (manager) => {
        const row = toRow(resource, null);
        await manager.update(
          ResourceEntity,
          { id: resource.id },
          {
            type: row.type,
            name: row.name,
            ownerTeamId: row.ownerTeamId,
            attributes: row.attributes,
            updatedAt: row.updatedAt,
          },
        );
        await manager.delete(ResourceGroupEntity, { resourceId: resource.id });
        await insertGroups(manager, resource);
      }),
    );
  }

  async delete(id: string): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) => manager.delete(ResourceEntity, { id }));
    return (result.affected ?? 0) > 0;
  }

  async ensureSystem(resource: Resource, systemKey: string): Promise<string> {
    const repository = this.dataSource.getRepository(ResourceEntity);
    const existing = await repository.findOneBy({ systemKey });
    if (existing) return existing.id;
    try {
      await runInTransaction(this.dataSource, (manager) => manager.insert(ResourceEntity, toRow(resource, systemKey)));
      return resource.id;
    } catch (error) {
      // Another process registered it at the same moment.
      if (!isUniqueViolation(error)) throw error;
      return (await repository.findOneByOrFail({ systemKey })).id;
    }
  }

  async membershipsOf(userId: string): Promise<{ teamIds: Set<string>; groupIds: Set<string> }> {
    const teams = await this.dataSource
      .getRepository(TeamMemberEntity)
      .find({ select: { teamId: true }, where: { userId } });
    const teamIds = new Set(teams.map((t) => t.teamId));
    const groups = await this.dataSource.getRepository(GroupMemberEntity).find({
      select: { groupId: true },
      where: [{ userId }, ...(teamIds.size ? [{ teamId: In([...teamIds]) }] : [])],
    });
    return { teamIds, groupIds: new Set(groups.map((g) => g.groupId)) };
  }

  private async withGroups(rows: ResourceEntity[]): Promise<Resource[]> {
    const links = rows.length
      ? await this.dataSource.getRepository(ResourceGroupEntity).findBy({ resourceId: In(rows.map((r) => r.id)) })
      : [];
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      name: row.name,
      ownerTeamId: row.ownerTeamId,
      visibilityGroupIds: links.filter((l) => l.resourceId === row.id).map((l) => l.groupId),
      attributes: JSON.parse(row.attributes) as Record<string, unknown>,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
}

function toRow(resource: Resource, systemKey: string | null): ResourceEntity {
  return {
    id: resource.id,
    type: resource.type,
    name: resource.name,
    ownerTeamId: resource.ownerTeamId,
    createdBy: resource.createdBy,
    systemKey,
    attributes: JSON.stringify(resource.attributes),
    createdAt: resource.createdAt,
    updatedAt: resource.updatedAt,
  };
}

async function insertGroups(manager: EntityManager, resource: Resource): Promise<void> {
  const rows = [...new Set(resource.visibilityGroupIds)].map((groupId) => ({ resourceId: resource.id, groupId }));
  if (rows.length) await manager.insert(ResourceGroupEntity, rows);
}

// The owner team or a group was deleted between the interactor's check and the write.
async function translateMissing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new NotFoundError('Team or visibility group');
    throw error;
  }
}
