import { Injectable } from '@nestjs/common';
import { narrowToCaller } from '@keyward/core';
import { NotFoundError } from '@keyward/kernel';
import { AccountViews } from '../../../domain/account-views';

export interface MeView {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  roles: string[];
  permissions: string[];
  teams: { id: string; name: string; role: string }[];
  createdAt: string;
  mfa: { totp: boolean; passkeys: number };
}

/** `permissions` are the caller's effective ones: with a scoped API key, only those within its scope. */
@Injectable()
export class GetMeInteractor {
  constructor(private readonly accounts: AccountViews) {}

  async execute(query: { userId: string }): Promise<MeView> {
    const view = await this.accounts.of(query.userId);
    if (!view) throw new NotFoundError('User');
    const { user } = view;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      roles: [...user.roles].sort(),
      permissions: user.active ? narrowToCaller(user.id, view.permissions) : [],
      teams: view.teams.map((team) => ({ ...team })),
      createdAt: user.createdAt.toISOString(),
      mfa: { totp: view.totp, passkeys: view.passkeys },
    };
  }
}
