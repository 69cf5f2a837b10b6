import { Injectable } from '@nestjs/common';
import { AccessDirectory } from '@keyward/core';
import { LastAdminError, UnknownRoleError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { toUserView, UserView } from '../../../domain/user';
import { requireUser } from '../../shared/users';

const ADMIN_ROLE = 'admin';

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
    // Nobody could manage roles any more (until BOOTSTRAP_ADMIN_* at the next start).
    const losesAdmin = user.active && user.roles.includes(ADMIN_ROLE) && !roles.includes(ADMIN_ROLE);
    if (losesAdmin && !(await this.users.otherActiveWithRole(ADMIN_ROLE, user.id))) throw new LastAdminError();
    await this.users.setRoles(user.id, roles);
    return toUserView({ ...user, roles });
  }
}
