import path from 'node:path';
import type Database from 'better-sqlite3';
import { Command, CommandRunner, Help, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@keyward/core';
import { assertWritable } from '../backup/backup-file';
import { backupPostgres } from '../backup/postgres-backup';
import { pgConnection } from '../backup/postgres-connection';
import { backupSqlite } from '../backup/sqlite-backup';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';

interface BackupOptions {
  out?: string;
  force?: boolean;
}

@Command({
  name: 'db:backup',
  description: 'Back up the database to a file while the service runs (SQLite online backup, or pg_dump)',
})
export class DbBackupCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConfig,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  @Option({ flags: '-o, --out <file>', description: 'the backup file to write (required)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '-f, --force', description: 'overwrite --out if it exists' })
  parseForce(): boolean {
    return true;
  }

  @Help('after')
  usage(): string {
    return [
      '',
      'SQLite: a consistent copy through the online backup API, taken while the service keeps running.',
      'PostgreSQL: pg_dump in its custom format (needs pg_dump of the server major version or newer, Debian',
      'package postgresql-client). Restore with db:restore --in FILE.',
      '  npm run cli -- db:backup --out backups/keyward-$(date +%F).backup',
    ].join('\n');
  }

  async run(_args: string[], options: BackupOptions): Promise<void> {
    if (!options.out) throw new CliError('--out <file> is required');
    const out = path.resolve(options.out);
    assertWritable(out, options.force === true);
    // A backup holds password hashes and sealed secrets: readable by its owner only, pg_dump's file included.
    process.umask(0o077);
    const bytes =
      this.database.dialect === 'postgres'
        ? await backupPostgres(pgConnection(this.database.url), out, await this.postgresServer())
        : await backupSqlite(this.sqliteConnection(), out);
    this.terminal.print(`backup written to ${out} (${bytes} bytes)`);
  }

  private sqliteConnection(): Database.Database {
    if (this.database.sqlitePath === ':memory:') throw new CliError('an in-memory database cannot be backed up');
    // TypeORM's better-sqlite3 driver keeps the open database here.
    return (this.dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  }

  private async postgresServer(): Promise<{ major: number; tables: number }> {
    const [{ version, tables }] = await this.dataSource.query<{ version: string; tables: string }[]>(
      "SELECT current_setting('server_version_num') AS version, " +
        '(SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()) AS tables',
    );
    return { major: Math.floor(Number(version) / 10000), tables: Number(tables) };
  }
}
