import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseConfig } from '@keyward/core';
import { persistence } from '../../apps/api/src/persistence';

/** Which backend this run uses: DATABASE_URL=postgres://... selects PostgreSQL, anything else SQLite. */
export const usesPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '');

export interface TestDatabase {
  url: string;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file: a new PostgreSQL database or a new SQLite file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const suffix = randomBytes(5).toString('hex');
  if (usesPostgres) {
    const base = new URL(process.env.DATABASE_URL as string);
    const name = `${base.pathname.slice(1)}_${suffix}`;
    const admin = new URL(base.toString());
    admin.pathname = '/postgres';
    await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      config: databaseConfig(url.toString(), 'postgres', ''),
      drop: () =>
        withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
          () => undefined,
        ),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'keyward-test-'));
  const file = path.join(dir, 'keyward.sqlite');
  return {
    url: `sqlite:${file}`,
    config: databaseConfig(`sqlite:${file}`, 'sqlite', file),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh database with every migration applied, and its DataSource. */
export async function createMigratedDataSource(): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const dataSource = createDataSource(db.config, persistence);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

function databaseConfig(url: string, dialect: 'sqlite' | 'postgres', sqlitePath: string): DatabaseConfig {
  return {
    url,
    dialect,
    sqlitePath,
    poolSize: 5,
    connectTimeoutMs: 10000,
    idleTimeoutMs: 10000,
    statementTimeoutMs: 30000,
    logQueries: false,
    migrateOnStart: true,
    applicationName: 'keyward-test',
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
