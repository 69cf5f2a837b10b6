import { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column definitions that mean the same on SQLite and PostgreSQL (timestamps are stored as UTC). */
export function portable(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.options.type === 'postgres';
  return {
    uuid: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      // TypeORM maps an entity's uuid column to plain varchar on SQLite; matching it keeps migration:generate quiet.
      type: postgres ? 'uuid' : 'varchar',
      ...extra,
    }),
    timestamp: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: postgres ? 'timestamp' : 'datetime',
      ...extra,
    }),
    text: (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      ...extra,
    }),
    // SQLite keeps booleans as integers; a default written as 1/0 is what TypeORM compares entities against.
    boolean: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'boolean',
      ...extra,
      ...(typeof extra.default === 'boolean' && !postgres ? { default: extra.default ? 1 : 0 } : {}),
    }),
    integer: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'integer',
      ...extra,
    }),
    longText: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'text',
      ...extra,
    }),
    json: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'text',
      ...extra,
    }),
  };
}
