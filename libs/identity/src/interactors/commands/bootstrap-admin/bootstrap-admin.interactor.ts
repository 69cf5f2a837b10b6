import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';
import { RegisterUserInteractor } from '../register-user/register-user.interactor';

export type BootstrapOutcome = 'created' | 'promoted' | 'admin-exists';

/** Makes sure an administrator exists: creates the given account, or grants it admin if it exists. */
@Injectable()
export class BootstrapAdminInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly register: RegisterUserInteractor,
  ) {}

  async execute(command: { email: string; password: string }): Promise<BootstrapOutcome> {
    if (await this.users.existsWithRole('admin')) return 'admin-exists';
    const existing = await this.users.findByEmail(normalizeEmail(command.email));
    if (existing) {
      await this.users.setRoles(existing.id, [...new Set([...existing.roles, 'admin'])]);
      return 'promoted';
    }
    await this.register.execute({ ...command, roles: ['admin', 'user'], byAdministrator: true });
    return 'created';
  }
}
