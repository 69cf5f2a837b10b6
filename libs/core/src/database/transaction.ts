import {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
  QueryDeepPartialEntity,
} from 'typeorm';

// One better-sqlite3 connection backs a whole DataSource, and TypeORM nests concurrent transactions on it
// (or fails with "cannot start a transaction within a transaction"); queueing them per DataSource keeps
// each one whole. PostgreSQL gives every transaction its own pooled connection, so it needs no queue.
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** Runs `work` in a transaction; the one way repositories open transactions, on both dialects. */
export function runInTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteQueues.set(dataSource, next);
  return next;
}

/**
 * Replaces the rows of `entity` that belong to `owner` (e.g. `{ userId }`) with `rows`, in one transaction, so a
 * failed insert (a row the new set points at was deleted meanwhile) leaves the old set in place.
 */
export function replaceRows<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  owner: FindOptionsWhere<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  return runInTransaction(dataSource, async (manager) => {
    await manager.delete(entity, owner);
    if (rows.length) await manager.insert(entity, rows);
  });
}
