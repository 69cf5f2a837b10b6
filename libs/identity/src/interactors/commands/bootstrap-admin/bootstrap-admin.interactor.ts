import { Injectable } from '@nestjs/common';
import { AuditLog, SYSTEM_ACTOR } from '@keyward/kernel';
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
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { email: string; password: string }): Promise<BootstrapOutcome> {
    if (await this.users.existsWithRole('admin')) return 'admin-exists';
    const existing = await this.users.findByEmail(normalizeEmail(command.email));
    if (existing) {
      const roles = [...new Set([...existing.roles, 'admin'])];
      await this.users.setRoles(existing.id, roles);
      await this.audit.record({
        actorId: null,
        action: 'user.roles.set',
        targetType: 'user',
        targetId: existing.id,
        details: { before: existing.roles, after: roles, bootstrap: true },
      });
      return 'promoted';
    }
    await this.register.execute({ ...command, creator: { actor: SYSTEM_ACTOR, roles: ['admin', 'user'] } });
    return 'created';
  }
}
