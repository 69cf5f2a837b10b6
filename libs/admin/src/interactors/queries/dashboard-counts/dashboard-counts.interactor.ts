import { Injectable } from '@nestjs/common';
import { ListTeamsInteractor } from '@keyward/access';
import { ListAuditEventsInteractor } from '@keyward/audit';
import { ListUsersInteractor } from '@keyward/identity';
import { Clock, Page, PermissionResolver } from '@keyward/kernel';

/** Null where the caller lacks the permission the matching API route needs. */
export interface DashboardCounts {
  users: number | null;
  /** The teams the caller sees (every team with `teams:manage`). */
  teams: number;
  /** Sign and sign-batch requests recorded in the audit log over the last 24 hours. */
  signingRequests24h: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Only the totals are wanted: the smallest page. */
const COUNT_ONLY = { limit: 1, offset: 0 };

/** The dashboard's figures, each read through the use case that lists those things (so the same rules apply). */
@Injectable()
export class DashboardCountsInteractor {
  constructor(
    private readonly users: ListUsersInteractor,
    private readonly teams: ListTeamsInteractor,
    private readonly audit: ListAuditEventsInteractor,
    private readonly permissions: PermissionResolver,
    private readonly clock: Clock,
  ) {}

  async execute(query: { actorId: string }): Promise<DashboardCounts> {
    const held = await this.permissions.permissionsOf(query.actorId);
    const from = new Date(this.clock.now().getTime() - DAY_MS);
    const total = async (list: () => Promise<Page<unknown>>, permission: string) =>
      held.has(permission) ? (await list()).total : null;
    const signed = (action: string) => () => this.audit.execute({ filter: { action, from }, page: COUNT_ONLY });
    const [users, teams, signs, batches] = await Promise.all([
      total(() => this.users.execute({ page: COUNT_ONLY }), 'users:read'),
      this.teams.execute({ actorId: query.actorId, ...COUNT_ONLY }),
      total(signed('signing.sign'), 'audit:read'),
      total(signed('signing.sign-batch'), 'audit:read'),
    ]);
    return {
      users,
      teams: teams.total,
      signingRequests24h: signs === null || batches === null ? null : signs + batches,
    };
  }
}
