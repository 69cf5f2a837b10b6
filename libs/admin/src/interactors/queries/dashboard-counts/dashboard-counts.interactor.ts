import { Injectable } from '@nestjs/common';
import { ListTeamsInteractor } from '@keyward/access';
import { ListAuditEventsInteractor } from '@keyward/audit';
import { SessionStore } from '@keyward/core';
import { ListUsersInteractor } from '@keyward/identity';
import { Clock, Page, PermissionResolver } from '@keyward/kernel';
import { CountPendingSecretsInteractor } from '@keyward/secrets';

/** Null where the caller lacks the permission the matching API route needs. */
export interface DashboardCounts {
  users: number | null;
  /** Live sessions of every user. */
  activeSessions: number | null;
  /** The teams the caller sees (every team with `teams:manage`). */
  teams: number;
  /** Sign and sign-batch requests recorded in the audit log over the last 24 hours. */
  signingRequests24h: number | null;
  /** One-time secrets of every creator still waiting to be revealed. */
  pendingSecrets: number | null;
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
    private readonly sessions: SessionStore,
    private readonly secrets: CountPendingSecretsInteractor,
    private readonly permissions: PermissionResolver,
    private readonly clock: Clock,
  ) {}

  async execute(query: { actorId: string }): Promise<DashboardCounts> {
    const held = await this.permissions.permissionsOf(query.actorId);
    const from = new Date(this.clock.now().getTime() - DAY_MS);
    const count = async (counter: () => Promise<number>, permission: string) =>
      held.has(permission) ? counter() : null;
    const total = (list: () => Promise<Page<unknown>>, permission: string) =>
      count(async () => (await list()).total, permission);
    const signed = (action: string) => () => this.audit.execute({ filter: { action, from }, page: COUNT_ONLY });
    const [users, activeSessions, pendingSecrets, teams, signs, batches] = await Promise.all([
      total(() => this.users.execute({ page: COUNT_ONLY }), 'users:read'),
      count(() => this.sessions.countLive(this.clock.now()), 'users:read'),
      count(() => this.secrets.execute(), 'secrets:read'),
      this.teams.execute({ actorId: query.actorId, ...COUNT_ONLY }),
      total(signed('signing.sign'), 'audit:read'),
      total(signed('signing.sign-batch'), 'audit:read'),
    ]);
    return {
      users,
      activeSessions,
      pendingSecrets,
      teams: teams.total,
      signingRequests24h: signs === null || batches === null ? null : signs + batches,
    };
  }
}
