import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CliError, failureText } from '../cli-error';
import { Terminal } from '../terminal';
import { pendingMigrations } from './migration-catalog';

@Command({ name: 'migrate', description: 'Apply pending migrations (one transaction each)' })
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    const pending = await pendingMigrations(this.dataSource);
    try {
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) this.terminal.print(`applied ${migration.name}`);
      this.terminal.print(
        applied.length === 0
          ? 'no pending migrations; the database is up to date'
          : `${applied.length} migration(s) applied`,
      );
    } catch (error) {
      // Each migration has its own transaction: report the ones that made it before the failing one.
      const stillPending = await pendingMigrations(this.dataSource).catch(() => pending);
      const applied = pending.filter((name) => !stillPending.includes(name));
      for (const name of applied) this.terminal.print(`applied ${name}`);
      this.terminal.print(`${applied.length} migration(s) applied before the failure`);
      throw new CliError(`migration ${stillPending[0] ?? '(unknown)'} failed: ${failureText(error)}`, {
        cause: error,
      });
    }
  }
}
