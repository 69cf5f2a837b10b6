import { AccountRef, Actor, AppError, GrantGuard } from '@keyward/kernel';

type GrantCheck =
  | { kind: 'grant'; actor: Actor; permissions: readonly string[] }
  | { kind: 'roles'; actor: Actor; account: AccountRef | null; added: readonly string[]; removed: readonly string[] }
  | { kind: 'act-on'; actor: Actor; account: AccountRef };

/**
 * Records every grant check identity makes and allows them, unless `refuse` is set: identity's unit tests see
 * whether and when it asks, while the rule itself is tested in access (grant-rule.spec.ts) and end to end.
 */
export class FakeGrantGuard extends GrantGuard {
  readonly checks: GrantCheck[] = [];
  refuse = false;

  async assertMayGrant(actor: Actor, permissions: readonly string[]): Promise<void> {
    this.decide({ kind: 'grant', actor, permissions });
  }

  async assertMayChangeRoles(
    actor: Actor,
    change: { account: AccountRef | null; added: readonly string[]; removed: readonly string[] },
  ): Promise<void> {
    this.decide({ kind: 'roles', actor, ...change });
  }

  async assertMayActOn(actor: Actor, account: AccountRef): Promise<void> {
    this.decide({ kind: 'act-on', actor, account });
  }

  private decide(check: GrantCheck): void {
    this.checks.push(check);
    if (this.refuse) throw new AppError('ESCALATION_DENIED', 'refused by the test', 'forbidden');
  }
}
