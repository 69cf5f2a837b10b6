import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { VerifyAuditChainInteractor } from '@keyward/audit';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';

/**
 * Walks the audit log's hash chain from the first event to the last and names the first broken link: an event
 * whose fields no longer produce its stored hash (edited), a missing sequence number (deleted) or a chain head
 * that names a later event (removed from the end).
 */
@Command({
  name: 'audit:verify',
  description: 'Verify the audit hash chain; name the first broken link',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(
    private readonly verify: VerifyAuditChainInteractor,
    private readonly dataSource: DataSource,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable('audit_chain_head')))
        throw new CliError('there is no audit chain table: run `migrate` first');
    } finally {
      await runner.release();
    }
    const report = await this.verify.execute({
      onProgress: (checked, total) => this.terminal.progress(`checked ${checked} of ${total} events`),
    });
    const broken = report.firstBreak;
    if (broken)
      throw new CliError(
        `chain broken at position ${broken.position} (event ${broken.eventId}, seq ${broken.seq}): ` +
          `${broken.problem}; the ${report.events} event(s) before it are intact`,
      );
    this.terminal.print(`${report.events} events, chain intact`);
  }
}
