import { Injectable } from '@nestjs/common';
import { UnknownRoleError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { unknownRoles } from '../../../domain/roles';
import { toUserView, UserView } from '../../../domain/user';
import { requireUser } from '../../shared/users';

@Injectable()
export class SetUserRolesInteractor {
  constructor(private readonly users: UserRepository) {}

  async execute(command: { userId: string; roles: string[] }): Promise<UserView> {
    const roles = [...new Set(command.roles)];
    const unknown = unknownRoles(roles);
    if (unknown.length) throw new UnknownRoleError(unknown);
    const user = await requireUser(this.users, command.userId);
    await this.users.setRoles(user.id, roles);
    return toUserView({ ...user, roles });
  }
}
