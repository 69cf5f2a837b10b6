import { Injectable } from '@nestjs/common';
import { PermissionResolver } from '@keyward/core';
import { UserRepository } from '../domain/ports';
import { permissionsOfRoles } from '../domain/roles';

/** Temporary resolver from the fixed built-in role mapping; the access-control context replaces it. */
@Injectable()
export class RolePermissionResolver extends PermissionResolver {
  constructor(private readonly users: UserRepository) {
    super();
  }

  async permissionsOf(userId: string): Promise<ReadonlySet<string>> {
    const user = await this.users.findById(userId);
    return new Set(user?.active ? permissionsOfRoles(user.roles) : []);
  }
}
