import { Injectable } from '@nestjs/common';
import { narrowToCaller } from '@keyward/core';
import { PermissionResolver } from '@keyward/kernel';
import { AccountViews } from '../domain/account-views';

/**
 * A user's permissions now: nothing when inactive, else what access control derives from their roles and teams,
 * narrowed to the API key's scope when the request is that user calling with a scoped key.
 */
@Injectable()
export class RolePermissionResolver extends PermissionResolver {
  constructor(private readonly accounts: AccountViews) {
    super();
  }

  async permissionsOf(userId: string): Promise<ReadonlySet<string>> {
    const view = await this.accounts.of(userId);
    if (!view?.user.active) return new Set();
    return new Set(narrowToCaller(view.user.id, view.permissions));
  }
}
