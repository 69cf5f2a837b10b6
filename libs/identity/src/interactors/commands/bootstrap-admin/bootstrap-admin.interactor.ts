import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';
import { RegisterUserInteractor } from '../register-user/register-user.interactor';

export type BootstrapOutcome = 'created' | 'promoted' | 'admin-exists';

/**
 * Makes sure an administrator exists: creates the given account, or grants it admin if it exists. The service
 * itself grants here (BOOTSTRAP_ADMIN_* from its configuration), so the grant rule does not apply.
 */
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
    await this.register.execute({ ...command, creator: { actor: SYSTEM_ACTOR, roles: ['admin', 'user'] } });
    return 'created';
  }
}
