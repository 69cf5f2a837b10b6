import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/kernel';
import { BUILT_IN_ROLES } from '../../../domain/built-in-roles';
import { RoleRepository } from '../../../domain/ports';

/** Creates the built-in roles that are missing; run at every start and by `seed`. Idempotent. */
@Injectable()
export class EnsureBuiltInRolesInteractor {
  constructor(
    private readonly roles: RoleRepository,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ created: string[]; roles: { name: string; description: string; permissions: number }[] }> {
    const created = await this.roles.ensureBuiltIn(BUILT_IN_ROLES, this.clock.now());
    const stored = await this.roles.findByNames(BUILT_IN_ROLES.map((r) => r.name));
    return {
      created,
      roles: stored.map((r) => ({ name: r.name, description: r.description ?? '', permissions: r.permissions.length })),
    };
  }
}
