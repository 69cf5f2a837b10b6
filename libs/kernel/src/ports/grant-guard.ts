/*
 * Port offered by access control: Grants (libs/access/src/interactors/shared/grants.ts).
 * Used by identity: the interactors that create or change accounts, their roles, sessions and API keys
 * (libs/identity/src/interactors). Bound in apps/api/src/context-ports.module.ts.
 */
import { Actor } from '../callers/actor';

/** An account as identity knows it: access control derives its permissions from these roles and its teams. */
export interface AccountRef {
  id: string;
  roles: readonly string[];
}

/**
 * The grant rule (CONTRACT.md, "No caller can grant more than it holds"), offered by access control to the
 * contexts that grant. Every method throws 403 ESCALATION_DENIED when the actor may not; the class is the DI token.
 */
export abstract class GrantGuard {
  /** May the actor hand out these permissions (e.g. as the scope of an API key)? */
  abstract assertMayGrant(actor: Actor, permissions: readonly string[]): Promise<void>;

  /**
   * May the actor give these roles to the account and take those away (`account` null: one being created)? Each
   * role must carry only permissions the actor holds, `admin` needs an admin, and another account must hold
   * nothing the actor lacks.
   */
  abstract assertMayChangeRoles(
    actor: Actor,
    change: { account: AccountRef | null; added: readonly string[]; removed: readonly string[] },
  ): Promise<void>;

  /**
   * May the actor act on the account (email, password, activity, deletion, sessions, API keys)? Another account
   * must hold no permission the actor lacks, and an admin account needs an admin. Acting on oneself grants nothing.
   */
  abstract assertMayActOn(actor: Actor, account: AccountRef): Promise<void>;
}
