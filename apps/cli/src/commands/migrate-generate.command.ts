import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@keyward/core';
import { Clock } from '@keyward/kernel';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';
import { pendingMigrations } from './migration-catalog';
import { migrationNameProblem, renderMigration } from './migration-template';

interface GenerateOptions {
  dir?: string;
}

@Command({
  name: 'migrate:generate',
  arguments: '<name>',
  argsDescription: { name: 'what the migration does, e.g. add-user-locale' },
  description: 'Write a migration from the difference between the entities and the database',
})
export class MigrateGenerateCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConfig,
    private readonly clock: Clock,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  @Option({ flags: '--dir <path>', description: 'where to write the file (default: ./migrations)' })
  parseDir(value: string): string {
    return value;
  }

  async run([name]: string[], options: GenerateOptions = {}): Promise<void> {
    const problem = migrationNameProblem(name);
    if (problem) throw new CliError(problem);
    // Against a database that lacks applied migrations, the diff would repeat them.
    const pending = await pendingMigrations(this.dataSource);
    if (pending.length > 0) {
      throw new CliError(
        `${pending.length} migration(s) not applied to this database (${pending.join(', ')}); ` +
          'run `migrate` first so that the diff holds only new changes',
      );
    }
    const sql = await this.dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      this.terminal.print('no changes: the database schema matches the entities');
      return;
    }
    const source = renderMigration({
      name,
      timestamp: this.clock.now().getTime(),
      dialect: this.database.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite',
      up: sql.upQueries,
      down: sql.downQueries,
    });
    const dir = path.resolve(options.dir ?? 'migrations');
    const file = path.join(dir, source.fileName);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, source.contents, { flag: 'wx' });
    this.terminal.print(`wrote ${path.relative(process.cwd(), file) || file} (${sql.upQueries.length} statement(s))`);
    this.terminal.print(
      `next: rewrite its dialect-specific SQL with portable() from migrations/support.ts, then add ` +
        `${source.className} to migrations/index.ts by hand (import it and list it in \`migrations\`)`,
    );
  }
}
