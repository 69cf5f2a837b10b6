import path from 'node:path';
import { Command, CommandRunner, Help, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@keyward/core';
import { assertRestorable } from '../backup/backup-file';
import { describeContents, tableNames, tablesWithRows } from '../backup/database-contents';
import { pgConnection } from '../backup/postgres-connection';
import { restorePostgres } from '../backup/postgres-backup';
import { restoreSqlite } from '../backup/sqlite-backup';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';

interface RestoreOptions {
  in?: string;
  force?: boolean;
}

@Command({
  name: 'db:restore',
  description: 'Restore a db:backup file into the configured database (refuses a non-empty one without --force)',
})
export class DbRestoreCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConfig,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  @Option({ flags: '-i, --in <file>', description: 'the backup file to restore (required)' })
  parseIn(value: string): string {
    return value;
  }

  @Option({ flags: '-f, --force', description: 'replace the data of a database that is not empty' })
  parseForce(): boolean {
    return true;
  }

  @Help('after')
  usage(): string {
    return [
      '',
      'Restores into the database of DATABASE_URL. A database that holds any row (a service that has started',
      'on it once has its built-in roles) is refused unless --force, which replaces all of its data. Stop the',
      'service first; start it again afterwards (it applies any newer migrations to the restored data).',
      '  npm run cli -- db:restore --in backups/keyward-2026-11-28.backup',
    ].join('\n');
  }

  async run(_args: string[], options: RestoreOptions): Promise<void> {
    if (!options.in) throw new CliError('--in <file> is required');
    const file = path.resolve(options.in);
    assertRestorable(file, this.database.dialect);
    const contents = await tablesWithRows(this.dataSource);
    if (contents.length > 0 && options.force !== true) {
      throw new CliError(
        `the database is not empty: ${describeContents(contents)}; pass --force to replace its data with the backup`,
      );
    }
    if (this.database.dialect === 'postgres') {
      await restorePostgres(pgConnection(this.database.url), file, await tableNames(this.dataSource));
    } else await this.restoreSqlite(file);
    const restored = await tablesWithRows(this.dataSource);
    this.terminal.print(`restored ${file}: ${describeContents(restored) || 'no rows'}`);
  }

  private async restoreSqlite(file: string): Promise<void> {
    if (this.database.sqlitePath === ':memory:') throw new CliError('cannot restore into an in-memory database');
    await restoreSqlite(file, this.database.sqlitePath);
  }
}
