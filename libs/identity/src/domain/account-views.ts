import { TeamMembershipView } from '@keyward/kernel';
import { User } from './user';

/**
 * What a request needs to know about an account, in one read: the account, what its roles and teams grant
 * (before any API key's scope narrows it), its teams and second factors. Shared between requests: read only.
 */
export interface AccountView {
  readonly user: User;
  readonly permissions: readonly string[];
  readonly teams: readonly TeamMembershipView[];
  readonly totp: boolean;
  readonly passkeys: number;
}

/** The class is the DI token; the implementation may serve views from a cache that every change invalidates. */
export abstract class AccountViews {
  /** The account's view, or null when it does not exist. */
  abstract of(userId: string): Promise<AccountView | null>;
}
