import { Injectable } from '@nestjs/common';
import { AccountDirectory, Actor, actorIdOf, AuditLog, Clock, NotFoundError } from '@keyward/kernel';
import { RoleProtectedError, UnknownPermissionError } from '../../../domain/access-errors';
import { ADMIN_ROLE } from '../../../domain/built-in-roles';
import { ALL_PERMISSIONS, unknownPermissions } from '../../../domain/permissions';
import { RoleRepository } from '../../../domain/ports';
import { RoleView, toRoleView } from '../../../domain/role';
import { Grants } from '../../shared/grants';

export interface UpdateRoleCommand {
  actor: Actor;
  roleId: string;
  name?: string;
  description?: string | null;
  permissions?: string[];
}

/** Any change, even of the description, needs the permissions the role carries before and after. */
@Injectable()
export class UpdateRoleInteractor {
  constructor(
    private readonly roles: RoleRepository,
    private readonly accounts: AccountDirectory,
    private readonly clock: Clock,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: UpdateRoleCommand): Promise<RoleView> {
    const role = await this.roles.findById(command.roleId);
    if (!role) throw new NotFoundError('Role');
    const permissions = command.permissions ? [...new Set(command.permissions)].sort() : role.permissions;
    const unknown = unknownPermissions(permissions);
    if (unknown.length) throw new UnknownPermissionError(unknown);
    const name = command.name ?? role.name;
    await this.grants.assertMayDefineRole(command.actor, role, { name, permissions });
    if (role.builtIn && name !== role.name)
      throw new RoleProtectedError(`The built-in role ${role.name} cannot be renamed`);
    if (role.name === ADMIN_ROLE && ALL_PERMISSIONS.some((p) => !permissions.includes(p)))
      throw new RoleProtectedError('The admin role always holds every permission');
    const updated = {
      ...role,
      name,
      description: command.description !== undefined ? command.description : role.description,
      permissions,
      updatedAt: this.clock.now(),
    };
    await this.roles.update(updated);
    // Accounts refer to roles by name (identity's records); they follow the rename.
    if (name !== role.name) await this.accounts.reassignRole(role.name, name);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'role.updated',
      targetType: 'role',
      targetId: role.id,
      details: {
        before: { name: role.name, permissions: role.permissions },
        after: { name, permissions },
      },
    });
    return toRoleView(updated);
  }
}
