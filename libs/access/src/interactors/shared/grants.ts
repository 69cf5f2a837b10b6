import { Injectable } from '@nestjs/common';
import { callerScopeOf } from '@keyward/core';
import { AccountDirectory, AccountRef, Actor, AuditLog, GrantGuard, isActorSelf, withinScope } from '@keyward/kernel';
import { EscalationDeniedError } from '../../domain/access-errors';
import { ADMIN_ROLE } from '../../domain/built-in-roles';
import { effectivePermissions } from '../../domain/effective-permissions';
import { describeRefusal, GrantAttempt, Holding, refuseGrant, RoleInGrant } from '../../domain/grant-rule';
import { RoleRepository, TeamRepository } from '../../domain/ports';

const HOLDS_NOTHING: Holding = { permissions: [], isAdmin: false };

/**
 * The one place where grants are checked: it loads what the actor (and the account acted on) holds now, lets the
 * grant rule decide, and throws ESCALATION_DENIED, recording the refusal (grant.denied). Other contexts reach it as the
 * GrantGuard port.
 */
@Injectable()
export class Grants extends GrantGuard {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly roles: RoleRepository,
    private readonly teams: TeamRepository,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  async assertMayGrant(actor: Actor, permissions: readonly string[]): Promise<void> {
    await this.check(actor, async () => ({ permissions }));
  }

  async assertMayChangeRoles(
    actor: Actor,
    change: { account: AccountRef | null; added: readonly string[]; removed: readonly string[] },
  ): Promise<void> {
    const { account } = change;
    await this.check(
      actor,
      async () => ({
        roles: await this.rolesNamed([...change.added, ...change.removed]),
        target: account && !isActorSelf(actor, account.id) ? await this.holdingOf(account) : undefined,
      }),
      account?.id ?? null,
    );
  }

  async assertMayActOn(actor: Actor, account: AccountRef): Promise<void> {
    if (isActorSelf(actor, account.id)) return;
    await this.check(actor, async () => ({ target: await this.holdingOf(account) }), account.id);
  }

  /**
   * Creating (`before` null), redefining or deleting (`after` null) a role changes what every holder has: the
   * actor must hold what the role carries before and after.
   */
  async assertMayDefineRole(actor: Actor, before: RoleInGrant | null, after: RoleInGrant | null): Promise<void> {
    const roles = [before, after].filter((role): role is RoleInGrant => role !== null);
    await this.check(actor, async () => ({ roles }));
  }

  /** A team's roles reach every member at once, so only admins set them (an admin passes the grant rule too). */
  async assertMaySetTeamRoles(actor: Actor): Promise<void> {
    if (actor.kind === 'system') return;
    if (!(await this.holdingOfActor(actor.userId)).isAdmin)
      await this.deny(actor.userId, 'Only administrators set the roles of a team');
  }

  /**
   * Adding someone to a team, changing their place in it, removing them or deleting the team hands out or takes
   * away the team's roles: the actor must hold what they carry. Members who manage their team already do.
   */
  async assertMayChangeTeamMembership(actor: Actor, teamId: string): Promise<void> {
    await this.check(actor, async () => ({ roles: await this.rolesNamed(await this.teams.roleNames(teamId)) }));
  }

  private async check(actor: Actor, attempt: () => Promise<GrantAttempt>, accountId: string | null = null) {
    if (actor.kind === 'system') return;
    const grant = await attempt();
    const refusal = refuseGrant(await this.holdingOfActor(actor.userId), grant);
    if (!refusal) return;
    await this.deny(
      actor.userId,
      describeRefusal(refusal),
      accountId,
      grant.roles?.map((role) => role.name),
    );
  }

  /** Someone tried to hand out more than they hold, or to act on someone who holds more: recorded, then 403. */
  private async deny(actorId: string, reason: string, accountId: string | null = null, roles?: string[]) {
    await this.audit.record({
      actorId,
      action: 'grant.denied',
      targetType: accountId ? 'user' : null,
      targetId: accountId,
      details: { code: 'ESCALATION_DENIED', reason, ...(roles?.length ? { roles } : {}) },
    });
    throw new EscalationDeniedError(reason);
  }

  /**
   * What the caller holds now: nothing when deactivated or gone (its request may race with either). Through a
   * scoped API key, only what is within its scope, and never as an admin: the key does not carry the admin role's
   * standing (granting admin, acting on admins), whatever its scope lists.
   */
  private async holdingOfActor(userId: string): Promise<Holding> {
    const account = await this.accounts.find(userId);
    if (!account?.active) return HOLDS_NOTHING;
    const holding = await this.holdingOf(account);
    const scope = callerScopeOf(userId);
    return scope ? { permissions: withinScope(holding.permissions, scope), isAdmin: false } : holding;
  }

  /**
   * What the account holds through its roles and teams, active or not: a deactivated admin holds nothing right
   * now, but whoever may reactivate them and set their password holds what they held.
   */
  private async holdingOf(account: AccountRef): Promise<Holding> {
    const grants = await this.roles.grantsOf(account.id, account.roles);
    return { permissions: effectivePermissions(grants), isAdmin: grants.some((grant) => grant.role === ADMIN_ROLE) };
  }

  /** The roles with what they carry; an unknown name carries nothing (callers refuse unknown names first). */
  private async rolesNamed(names: readonly string[]): Promise<RoleInGrant[]> {
    const unique = [...new Set(names)];
    const found = new Map((await this.roles.findByNames(unique)).map((role) => [role.name, role]));
    return unique.map((name) => ({
      name,
      permissions: effectivePermissions([{ role: name, permissions: found.get(name)?.permissions ?? [], team: null }]),
    }));
  }
}
