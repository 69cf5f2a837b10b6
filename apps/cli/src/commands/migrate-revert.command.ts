import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Terminal } from '../terminal';
import { lastAppliedMigration } from './migration-catalog';

@Command({ name: 'migrate:revert', description: 'Revert the last applied migration' })
export class MigrateRevertCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    const last = await lastAppliedMigration(this.dataSource);
    if (!last) {
      this.terminal.print('nothing to revert: no migration has been applied');
      return;
    }
    await this.dataSource.undoLastMigration({ transaction: 'each' });
    this.terminal.print(`reverted ${last}`);
  }
}
