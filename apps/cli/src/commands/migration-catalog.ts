import { DataSource, MigrationExecutor } from 'typeorm';

export interface MigrationState {
  name: string;
  applied: boolean;
  /** False for a migration recorded in the database whose class is not in migrations/index.ts. */
  inCode: boolean;
}

/** Every migration known to the code or recorded in the database, in timestamp order, with its state. */
export async function migrationStates(dataSource: DataSource): Promise<MigrationState[]> {
  const executed = new Set((await new MigrationExecutor(dataSource).getExecutedMigrations()).map((m) => m.name));
  const inCode = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  const states: MigrationState[] = inCode.map((name) => ({ name, applied: executed.has(name), inCode: true }));
  for (const name of executed) if (!inCode.includes(name)) states.push({ name, applied: true, inCode: false });
  return states.sort((a, b) => timestampOf(a.name) - timestampOf(b.name) || a.name.localeCompare(b.name));
}

/** Names of the migrations in the code that the database has not applied yet. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  return (await migrationStates(dataSource)).filter((m) => !m.applied).map((m) => m.name);
}

/** The most recently applied migration (as TypeORM reverts them: highest id first), if any. */
export async function lastAppliedMigration(dataSource: DataSource): Promise<string | null> {
  const [last] = await new MigrationExecutor(dataSource).getExecutedMigrations();
  return last?.name ?? null;
}

/** TypeORM's convention: the class name ends with a 13-digit JavaScript timestamp. */
function timestampOf(name: string): number {
  return Number(name.slice(-13)) || 0;
}
