import { Injectable } from '@nestjs/common';
import { AccessDirectory } from '@keyward/core';
import { UnknownRoleError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { ADMIN_ROLE } from '../../../domain/roles';
import { toUserView, UserView } from '../../../domain/user';
import { assertNotLastAdmin, requireUser } from '../../shared/users';

@Injectable()
export class SetUserRolesInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
  ) {}

  async execute(command: { userId: string; roles: string[] }): Promise<UserView> {
    const roles = [...new Set(command.roles)];
    const unknown = await this.access.unknownRoles(roles);
    if (unknown.length) throw new UnknownRoleError(unknown);
    const user = await requireUser(this.users, command.userId);
    if (!roles.includes(ADMIN_ROLE)) await assertNotLastAdmin(this.users, user);
    await this.users.setRoles(user.id, roles);
    return toUserView({ ...user, roles });
  }
}
