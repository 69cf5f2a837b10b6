import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Terminal } from '../terminal';
import { migrationStates } from './migration-catalog';

@Command({ name: 'migrate:status', description: 'List every migration as applied or pending' })
export class MigrateStatusCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    const states = await migrationStates(this.dataSource);
    for (const state of states) {
      const note = state.inCode ? '' : '  (recorded in the database, missing from migrations/index.ts)';
      this.terminal.print(`${state.applied ? 'applied' : 'pending'}  ${state.name}${note}`);
    }
    const applied = states.filter((s) => s.applied).length;
    this.terminal.print(`${states.length} migration(s): ${applied} applied, ${states.length - applied} pending`);
  }
}
