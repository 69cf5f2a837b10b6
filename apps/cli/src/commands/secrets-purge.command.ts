import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { PurgeExpiredSecretsInteractor } from '@keyward/secrets';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';

/**
 * What the service does every SECRETS_PURGE_INTERVAL_SECONDS, once and now: removes the content of expired
 * secrets and deletes the records no longer kept (anonymous ones without content, receipts past the retention).
 */
@Command({
  name: 'secrets:purge',
  description: 'Purge expired secrets now: remove their content, delete records no longer kept',
})
export class SecretsPurgeCommand extends CommandRunner {
  constructor(
    private readonly purge: PurgeExpiredSecretsInteractor,
    private readonly dataSource: DataSource,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    // This command does not migrate; say so instead of failing on a missing relation.
    const runner = this.dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable('secrets'))) throw new CliError('there is no secrets table: run `migrate` first');
    } finally {
      await runner.release();
    }
    const { contentPurged, recordsDeleted } = await this.purge.execute();
    this.terminal.print(`purged ${contentPurged} expired secret(s), deleted ${recordsDeleted} record(s)`);
  }
}
