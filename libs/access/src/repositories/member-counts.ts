import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** Each listed row with how many member rows point at it (`column` names the reference, e.g. team_id). */
export async function withMemberCounts<T extends { id: string }>(
  dataSource: DataSource,
  members: EntityTarget<ObjectLiteral>,
  column: 'team_id' | 'group_id',
  rows: T[],
): Promise<(T & { memberCount: number })[]> {
  const counts = rows.length
    ? await dataSource
        .getRepository(members)
        .createQueryBuilder('m')
        .select([`m.${column} AS "ownerId"`, 'COUNT(*) AS count'])
        .where(`m.${column} IN (:...ids)`, { ids: rows.map((r) => r.id) })
        .groupBy(`m.${column}`)
        .getRawMany<{ ownerId: string; count: string | number }>()
    : [];
  const byId = new Map(counts.map((c) => [c.ownerId, Number(c.count)]));
  return rows.map((row) => ({ ...row, memberCount: byId.get(row.id) ?? 0 }));
}
