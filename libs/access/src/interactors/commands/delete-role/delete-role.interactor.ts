import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/core';
import { ReassignRoleInteractor } from '@keyward/identity';
import { RoleProtectedError } from '../../../domain/access-errors';
import { RoleRepository } from '../../../domain/ports';

/** Deletes a role: users and teams holding it lose it (and its permissions) at once. */
@Injectable()
export class DeleteRoleInteractor {
  constructor(
    private readonly roles: RoleRepository,
    private readonly reassign: ReassignRoleInteractor,
  ) {}

  async execute(command: { roleId: string }): Promise<void> {
    const role = await this.roles.findById(command.roleId);
    if (!role) throw new NotFoundError('Role');
    if (role.builtIn) throw new RoleProtectedError(`The built-in role ${role.name} cannot be deleted`);
    if (!(await this.roles.delete(role.id))) throw new NotFoundError('Role');
    await this.reassign.execute({ from: role.name, to: null });
  }
}
