import { Command, CommandRunner } from 'nest-commander';
import { RuntimeConfig } from '@keyward/core';
import { EnsureBuiltInRolesInteractor } from '@keyward/access';
import { EmailTakenError, normalizeEmail, RegisterUserInteractor, UserRepository } from '@keyward/identity';
import { Random, SYSTEM_ACTOR } from '@keyward/kernel';
import { Terminal } from '../terminal';

export const DEMO_ADMIN_EMAIL = 'admin@keyward.local';

/** 18 random bytes: a 24-character base64url password. */
const DEMO_PASSWORD_BYTES = 18;

@Command({
  name: 'seed',
  description: 'Create the built-in roles (idempotent); in development, ensure a demo admin exists',
})
export class SeedCommand extends CommandRunner {
  constructor(
    private readonly runtime: RuntimeConfig,
    private readonly users: UserRepository,
    private readonly register: RegisterUserInteractor,
    private readonly random: Random,
    private readonly ensureBuiltInRoles: EnsureBuiltInRolesInteractor,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  async run(): Promise<void> {
    await this.reportRoles();
    if (this.runtime.env !== 'development') {
      this.terminal.print(`demo admin: skipped (NODE_ENV is ${this.runtime.env}; it is only created in development)`);
    } else {
      await this.ensureDemoAdmin();
    }
    this.terminal.print('seed complete');
  }

  private async reportRoles(): Promise<void> {
    const { created, roles } = await this.ensureBuiltInRoles.execute();
    const width = Math.max(...roles.map((r) => r.name.length));
    this.terminal.print(`built-in roles: ${roles.length} (${created.length} created now)`);
    for (const role of roles) {
      const state = created.includes(role.name) ? 'created' : 'exists';
      const count = role.permissions;
      this.terminal.print(
        `  ${role.name.padEnd(width)}  ${state.padEnd(7)}  ${role.description} (${count} permission${count === 1 ? '' : 's'})`,
      );
    }
  }

  private async ensureDemoAdmin(): Promise<void> {
    const existing = await this.users.findByEmail(normalizeEmail(DEMO_ADMIN_EMAIL));
    if (existing) {
      this.reportExisting(existing.roles);
      return;
    }
    const password = this.random.token(DEMO_PASSWORD_BYTES);
    try {
      await this.register.execute({
        email: DEMO_ADMIN_EMAIL,
        password,
        name: 'Demo admin',
        creator: { actor: SYSTEM_ACTOR, roles: ['admin', 'user'] },
      });
    } catch (error) {
      // Another seed run created it in the meantime.
      if (!(error instanceof EmailTakenError)) throw error;
      this.reportExisting(['admin', 'user']);
      return;
    }
    this.terminal.print(`demo admin: created ${DEMO_ADMIN_EMAIL}`);
    this.terminal.print(`  password: ${password}`);
    this.terminal.print('  (shown this once; it cannot be printed again. Change it after the first login.)');
  }

  private reportExisting(roles: string[]): void {
    const note = roles.includes('admin') ? '' : ' (it lacks the admin role; left unchanged)';
    this.terminal.print(`demo admin: ${DEMO_ADMIN_EMAIL} already exists${note}`);
  }
}
