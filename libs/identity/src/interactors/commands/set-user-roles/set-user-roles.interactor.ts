import { Injectable } from '@nestjs/common';
import { AccessDirectory, Actor, actorIdOf, AuditLog, GrantGuard } from '@keyward/kernel';
import { UnknownRoleError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { ADMIN_ROLE } from '../../../domain/roles';
import { toUserView, UserView } from '../../../domain/user';
import { assertNotLastAdmin, requireUser } from '../../shared/users';

/** Replaces a user's roles: every role added or removed is a grant by the actor (see GrantGuard). */
@Injectable()
export class SetUserRolesInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
    private readonly grants: GrantGuard,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { actor: Actor; userId: string; roles: string[] }): Promise<UserView> {
    const roles = [...new Set(command.roles)];
    const unknown = await this.access.unknownRoles(roles);
    if (unknown.length) throw new UnknownRoleError(unknown);
    const user = await requireUser(this.users, command.userId);
    await this.grants.assertMayChangeRoles(command.actor, {
      account: user,
      added: roles.filter((role) => !user.roles.includes(role)),
      removed: user.roles.filter((role) => !roles.includes(role)),
    });
    if (!roles.includes(ADMIN_ROLE)) await assertNotLastAdmin(this.users, user);
    await this.users.setRoles(user.id, roles);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'user.roles.set',
      targetType: 'user',
      targetId: user.id,
      details: { before: user.roles, after: roles },
    });
    return toUserView({ ...user, roles });
  }
}
