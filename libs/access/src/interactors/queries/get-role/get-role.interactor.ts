import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@keyward/kernel';
import { RoleRepository } from '../../../domain/ports';
import { RoleView, toRoleView } from '../../../domain/role';

@Injectable()
export class GetRoleInteractor {
  constructor(private readonly roles: RoleRepository) {}

  async execute(query: { roleId: string }): Promise<RoleView> {
    const role = await this.roles.findById(query.roleId);
    if (!role) throw new NotFoundError('Role');
    return toRoleView(role);
  }
}
