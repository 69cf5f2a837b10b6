import { Injectable } from '@nestjs/common';
import { AccountDirectory, Actor, actorIdOf, AuditLog, NotFoundError } from '@keyward/kernel';
import { RoleProtectedError } from '../../../domain/access-errors';
import { RoleRepository } from '../../../domain/ports';
import { Grants } from '../../shared/grants';

/** Deletes a role: users and teams holding it lose it (and its permissions) at once, so the actor must hold them. */
@Injectable()
export class DeleteRoleInteractor {
  constructor(
    private readonly roles: RoleRepository,
    private readonly accounts: AccountDirectory,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; roleId: string }): Promise<void> {
    const role = await this.roles.findById(command.roleId);
    if (!role) throw new NotFoundError('Role');
    await this.grants.assertMayDefineRole(command.actor, role, null);
    if (role.builtIn) throw new RoleProtectedError(`The built-in role ${role.name} cannot be deleted`);
    if (!(await this.roles.delete(role.id))) throw new NotFoundError('Role');
    const holders = await this.accounts.reassignRole(role.name, null);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'role.deleted',
      targetType: 'role',
      targetId: role.id,
      details: { name: role.name, permissions: role.permissions, holders },
    });
  }
}
