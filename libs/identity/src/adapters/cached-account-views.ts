import { Injectable } from '@nestjs/common';
import { AccessCache } from '@keyward/core';
import { AccessDirectory } from '@keyward/kernel';
import { AccountView, AccountViews } from '../domain/account-views';
import { MfaRepository, PasskeyCounter } from '../domain/mfa-ports';
import { UserRepository } from '../domain/ports';

/**
 * Account views through the platform's AccessCache: GET /me and every permission check of a request are served
 * from this process's memory while no change to accounts, roles, teams or factors was committed anywhere.
 */
@Injectable()
export class CachedAccountViews extends AccountViews {
  constructor(
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
    private readonly mfa: MfaRepository,
    private readonly passkeys: PasskeyCounter,
    private readonly cache: AccessCache,
  ) {
    super();
  }

  of(userId: string): Promise<AccountView | null> {
    return this.cache.get(`account:${userId}`, () => this.load(userId));
  }

  private async load(userId: string): Promise<AccountView | null> {
    const user = await this.users.findById(userId);
    if (!user) return null;
    const [permissions, teams, totp, passkeys] = await Promise.all([
      this.access.permissionsOf(user.id, user.roles),
      this.access.teamsOf(user.id),
      this.mfa.findTotp(user.id),
      this.passkeys.countFor(user.id),
    ]);
    return { user, permissions, teams, totp: Boolean(totp?.enabledAt), passkeys };
  }
}
