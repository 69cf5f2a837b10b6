import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { DatabaseConfig } from '../config/platform-config';
import { QueryLogger } from './query-logger';

// Timestamps are UTC on the wire and in the database whatever the process time zone is.
pg.defaults.parseInputDatesAsUTC = true;
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => new Date(`${value.replace(' ', 'T')}Z`));

export interface DataSourceParts {
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
}

export function createDataSource(config: DatabaseConfig, parts: DataSourceParts): DataSource {
  const common = {
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    logger: new QueryLogger(config.logQueries),
    logging: true,
    maxQueryExecutionTime: 1000,
    synchronize: false,
  };
  if (config.dialect === 'sqlite') {
    if (config.sqlitePath !== ':memory:') mkdirSync(path.dirname(path.resolve(config.sqlitePath)), { recursive: true });
    const options: DataSourceOptions = {
      ...common,
      type: 'better-sqlite3',
      database: config.sqlitePath,
      enableWAL: true,
      timeout: config.connectTimeoutMs,
      // foreign_keys is switched on by the driver. A writer that finds the file locked by another connection or
      // process (WORKERS above 1) waits up to DB_CONNECT_TIMEOUT_MS for it instead of failing with SQLITE_BUSY.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma(`busy_timeout = ${config.connectTimeoutMs}`);
        db.pragma('synchronous = NORMAL');
      },
    };
    return new DataSource(options);
  }
  const options: DataSourceOptions = {
    ...common,
    type: 'postgres',
    url: config.url,
    applicationName: config.applicationName,
    poolSize: config.poolSize,
    connectTimeoutMS: config.connectTimeoutMs,
    extra: {
      max: config.poolSize,
      idleTimeoutMillis: config.idleTimeoutMs,
      connectionTimeoutMillis: config.connectTimeoutMs,
      statement_timeout: config.statementTimeoutMs || undefined,
    },
  };
  return new DataSource(options);
}
