import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { IdentityConfig, TokenKeyRing } from '@keyward/identity';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';

/**
 * Adds a new access-token signing key that becomes current (running processes pick it up within
 * KEYS_REFRESH_SECONDS); the previous one stays in the JWKS until the last token it signed has expired.
 */
@Command({
  name: 'keys:rotate',
  description: 'Add a new access-token signing key; the previous one stays published until its tokens expire',
})
export class KeysRotateCommand extends CommandRunner {
  constructor(
    private readonly keys: TokenKeyRing,
    private readonly config: IdentityConfig,
    private readonly dataSource: DataSource,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    if (this.config.jwt.algorithm === 'HS256')
      throw new CliError('JWT_ALGORITHM=HS256 signs with JWT_SECRET: there are no keys to rotate');
    const runner = this.dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable('token_signing_keys')))
        throw new CliError('there is no token_signing_keys table: run `migrate` first');
    } finally {
      await runner.release();
    }
    const rotated = await this.keys.rotate();
    this.terminal.print(
      `${this.config.jwt.algorithm} key ${rotated.kid} is now current; the previous key stays published until ` +
        rotated.previousRetiresAt.toISOString(),
    );
  }
}
