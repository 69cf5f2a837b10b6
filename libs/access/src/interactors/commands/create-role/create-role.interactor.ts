import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/core';
import { UnknownPermissionError } from '../../../domain/access-errors';
import { unknownPermissions } from '../../../domain/permissions';
import { RoleRepository } from '../../../domain/ports';
import { RoleView, toRoleView } from '../../../domain/role';

export interface CreateRoleCommand {
  name: string;
  description?: string | null;
  permissions: string[];
}

@Injectable()
export class CreateRoleInteractor {
  constructor(
    private readonly roles: RoleRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateRoleCommand): Promise<RoleView> {
    const permissions = [...new Set(command.permissions)].sort();
    const unknown = unknownPermissions(permissions);
    if (unknown.length) throw new UnknownPermissionError(unknown);
    const now = this.clock.now();
    const role = {
      id: randomUUID(),
      name: command.name,
      description: command.description ?? null,
      builtIn: false,
      permissions,
      createdAt: now,
      updatedAt: now,
    };
    await this.roles.create(role);
    return toRoleView(role);
  }
}
