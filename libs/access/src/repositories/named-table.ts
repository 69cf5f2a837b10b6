import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { isUniqueViolation, runInTransaction } from '@keyward/core';
import { NameTakenError } from '../domain/access-errors';
import { NamedEntity } from './named.entity';

/**
 * Writes that teams and visibility groups share on their own table, so the two cannot drift apart: a rename saves
 * the same columns, and a name in use is NameTakenError (naming the `noun`) whether on create or on rename.
 */
export class NamedTable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<NamedEntity>,
    private readonly noun: 'team' | 'visibility group',
  ) {}

  /** Inserts the row and, in the same transaction, whatever `alongside` writes (a team's first owner). */
  async insert(row: NamedEntity, alongside?: (manager: EntityManager) => Promise<unknown>): Promise<void> {
    await this.refusingTakenNames(() =>
      runInTransaction(this.dataSource, async (manager) => {
        await manager.insert(this.entity, { ...row });
        await alongside?.(manager);
      }),
    );
  }

  /** Saves what a rename may change: name, description and updatedAt. */
  async update(row: NamedEntity): Promise<void> {
    await this.refusingTakenNames(() =>
      runInTransaction(this.dataSource, (manager) =>
        manager.update(
          this.entity,
          { id: row.id },
          { name: row.name, description: row.description, updatedAt: row.updatedAt },
        ),
      ),
    );
  }

  async delete(id: string): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) => manager.delete(this.entity, { id }));
    return (result.affected ?? 0) > 0;
  }

  private async refusingTakenNames<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new NameTakenError(this.noun);
      throw error;
    }
  }
}
