import { existsSync, statSync } from 'node:fs';
import { Command, CommandRunner } from 'nest-commander';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseConfig, RedisConfig } from '@keyward/core';
import { Terminal } from '../terminal';

/** Tables whose row counts are reported. */
export const COUNTED_TABLES = ['users', 'api_keys', 'sessions'] as const;

@Command({
  name: 'db:stats',
  description: 'Print database statistics and row counts',
})
export class DbStatsCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConfig,
    private readonly redis: RedisConfig,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    if (this.database.dialect === 'postgres') await this.postgres();
    else await this.sqlite();
    await this.rowCounts();
  }

  private async postgres(): Promise<void> {
    const [{ version }] = await this.dataSource.query<{ version: string }[]>(
      "SELECT current_setting('server_version') AS version",
    );
    const [size] = await this.dataSource.query<{ bytes: string; pretty: string }[]>(
      'SELECT pg_database_size(current_database()) AS bytes, pg_size_pretty(pg_database_size(current_database())) AS pretty',
    );
    this.print('database', `PostgreSQL ${version}`);
    this.print('size', `${size.pretty} (${Number(size.bytes)} bytes)`);
    // TypeORM keeps its pg Pool on the driver as `master` (there are no replicas here).
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (pool) {
      this.print(
        'pool',
        `${pool.totalCount} total, ${pool.idleCount} idle, ${pool.waitingCount} waiting ` +
          `(max ${this.database.poolSize} in this process)`,
      );
    }
  }

  private async sqlite(): Promise<void> {
    const file = this.database.sqlitePath;
    const [{ version }] = await this.dataSource.query<{ version: string }[]>('SELECT sqlite_version() AS version');
    const [{ journal_mode: journalMode }] =
      await this.dataSource.query<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [{ page_count: pageCount }] = await this.dataSource.query<{ page_count: number }[]>('PRAGMA page_count');
    const [{ page_size: pageSize }] = await this.dataSource.query<{ page_size: number }[]>('PRAGMA page_size');
    this.print('database', `SQLite ${version} at ${file}`);
    if (file === ':memory:') {
      this.print('file size', 'in memory');
    } else {
      const wal = `${file}-wal`;
      const walNote = existsSync(wal) ? ` (+ ${formatBytes(statSync(wal).size)} write-ahead log)` : '';
      this.print('file size', `${formatBytes(statSync(file).size)}${walNote}`);
    }
    this.print('journal mode', journalMode);
    this.print('page count', `${pageCount} (page size ${pageSize} bytes)`);
  }

  private async rowCounts(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      for (const table of COUNTED_TABLES) {
        const label = `rows ${table}`;
        if (!(await runner.hasTable(table))) {
          this.print(label, 'no such table (run migrate)');
          continue;
        }
        const [{ count }] = await runner.query(`SELECT COUNT(*) AS count FROM ${this.dataSource.driver.escape(table)}`);
        const note =
          table === 'sessions' && this.redis.url ? ' (sessions are kept in Redis; this table is unused)' : '';
        this.print(label, `${Number(count)}${note}`);
      }
    } finally {
      await runner.release();
    }
  }

  private print(label: string, value: string): void {
    this.terminal.print(`${`${label}:`.padEnd(16)}${value}`);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]} (${bytes} bytes)`;
}
