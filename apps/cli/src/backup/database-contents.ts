import { DataSource } from 'typeorm';

/** TypeORM's record of applied migrations: present in every migrated database, data or not. */
const BOOKKEEPING = new Set(['migrations']);

export interface TableRows {
  table: string;
  rows: number;
}

/** Every table of the database (the current schema on PostgreSQL). */
export async function tableNames(dataSource: DataSource): Promise<string[]> {
  const tables =
    dataSource.options.type === 'postgres'
      ? await dataSource.query<{ name: string }[]>(
          'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
        )
      : await dataSource.query<{ name: string }[]>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        );
  return tables.map(({ name }) => name);
}

/** The tables that hold rows (migration bookkeeping aside); an empty list means an empty database. */
export async function tablesWithRows(dataSource: DataSource): Promise<TableRows[]> {
  const found: TableRows[] = [];
  for (const name of await tableNames(dataSource)) {
    if (BOOKKEEPING.has(name)) continue;
    const [{ count }] = await dataSource.query<{ count: string | number }[]>(
      `SELECT COUNT(*) AS count FROM ${dataSource.driver.escape(name)}`,
    );
    if (Number(count) > 0) found.push({ table: name, rows: Number(count) });
  }
  return found;
}

/** `users (3 rows), roles (3 rows)`: the users table first, since that is what an operator recognises. */
export function describeContents(tables: readonly TableRows[]): string {
  return [...tables]
    .sort((a, b) => Number(b.table === 'users') - Number(a.table === 'users'))
    .map(({ table, rows }) => `${table} (${rows} ${rows === 1 ? 'row' : 'rows'})`)
    .join(', ');
}
