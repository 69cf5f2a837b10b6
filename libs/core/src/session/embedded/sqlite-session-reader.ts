import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { SessionEntity } from './session.entity';

interface Statement {
  get(...params: unknown[]): Record<string, unknown> | undefined;
}

/**
 * The live session with an id, read with one prepared statement on SQLite's connection: every authenticated
 * request reads its session, and building that SELECT through TypeORM's query builder cost more CPU than
 * running it. Values go through TypeORM's own conversions (the same Date format as every other query), so the
 * rows are exactly what the query builder would return.
 */
export class SqliteSessionReader {
  private statement: Statement | null = null;

  constructor(private readonly dataSource: DataSource) {}

  live(id: string, now: Date): SessionEntity | null {
    const metadata = this.dataSource.getMetadata(SessionEntity);
    const driver = this.dataSource.driver;
    const column = (property: string) => metadata.findColumnWithPropertyName(property) as ColumnMetadata;
    this.statement ??= (
      driver as unknown as { databaseConnection: { prepare(sql: string): Statement } }
    ).databaseConnection.prepare(
      `SELECT * FROM "${metadata.tableName}" WHERE "${column('id').databaseName}" = ? ` +
        `AND "${column('idleExpiresAt').databaseName}" > ? AND "${column('absoluteExpiresAt').databaseName}" > ?`,
    );
    const at = driver.preparePersistentValue(now, column('idleExpiresAt'));
    const raw = this.statement.get(id, at, at);
    if (!raw) return null;
    const row = new SessionEntity();
    for (const c of metadata.columns) {
      (row as unknown as Record<string, unknown>)[c.propertyName] = driver.prepareHydratedValue(raw[c.databaseName], c);
    }
    return row;
  }
}
