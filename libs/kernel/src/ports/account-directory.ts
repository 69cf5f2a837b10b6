/*
 * Port offered by identity: UserAccountDirectory (libs/identity/src/adapters/user-account-directory.ts).
 * Used by access control: the grant rule and authorize read an account's roles and activity (Grants,
 * AuthorizeInteractor), and renaming or deleting a role follows on every account (UpdateRole, DeleteRole).
 * Bound in apps/api/src/context-ports.module.ts.
 */
import { AccountRef } from './grant-guard';

/** An account as access control needs to see it: its own roles, and whether it may act at all. */
export interface AccountStanding extends AccountRef {
  active: boolean;
}

/** What access control asks of identity about accounts, which refer to roles by name. The class is the DI token. */
export abstract class AccountDirectory {
  /** The account with that id, or null when there is none. */
  abstract find(userId: string): Promise<AccountStanding | null>;

  /** Follows a role renamed (`to`) or deleted (null) in access control on every account that holds it. */
  abstract reassignRole(from: string, to: string | null): Promise<number>;
}
