import { Injectable } from '@nestjs/common';
import { narrowToCaller } from '@keyward/core';
import { AccessDirectory, PermissionResolver } from '@keyward/kernel';
import { UserRepository } from '../domain/ports';

/**
 * A user's permissions now: nothing when inactive, else what access control derives from their roles and teams,
 * narrowed to the API key's scope when the request is that user calling with a scoped key.
 */
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
    return new Set(narrowToCaller(user.id, await this.access.permissionsOf(user.id, user.roles)));
  }
}
