import { Injectable } from '@nestjs/common';
import { AccessDirectory, PermissionResolver } from '@keyward/kernel';
import { UserRepository } from '../domain/ports';

/** A user's permissions now: nothing when inactive, else what access control derives from their roles and teams. */
@Injectable()
export class RolePermissionResolver extends PermissionResolver {
  constructor(
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
  ) {
    super();
  }

  async permissionsOf(userId: string): Promise<ReadonlySet<string>> {
    const user = await this.users.findById(userId);
    if (!user?.active) return new Set();
    return new Set(await this.access.permissionsOf(user.id, user.roles));
  }
}
