import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, actorIdOf, AuditLog, Clock } from '@keyward/kernel';
import { UnknownPermissionError } from '../../../domain/access-errors';
import { unknownPermissions } from '../../../domain/permissions';
import { RoleRepository } from '../../../domain/ports';
import { RoleView, toRoleView } from '../../../domain/role';
import { Grants } from '../../shared/grants';

export interface CreateRoleCommand {
  actor: Actor;
  name: string;
  description?: string | null;
  permissions: string[];
}

/** A new role may carry only permissions its creator holds. */
@Injectable()
export class CreateRoleInteractor {
  constructor(
    private readonly roles: RoleRepository,
    private readonly clock: Clock,
    private readonly grants: Grants,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateRoleCommand): Promise<RoleView> {
    const permissions = [...new Set(command.permissions)].sort();
    const unknown = unknownPermissions(permissions);
    if (unknown.length) throw new UnknownPermissionError(unknown);
    await this.grants.assertMayDefineRole(command.actor, null, { name: command.name, permissions });
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
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'role.created',
      targetType: 'role',
      targetId: role.id,
      details: { name: role.name, permissions },
    });
    return toRoleView(role);
  }
}
