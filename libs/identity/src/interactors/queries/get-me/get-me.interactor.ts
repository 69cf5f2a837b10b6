import { Injectable } from '@nestjs/common';
import { narrowToCaller } from '@keyward/core';
import { AccessDirectory } from '@keyward/kernel';
import { MfaRepository, PasskeyCounter } from '../../../domain/mfa-ports';
import { UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

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
  constructor(
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
    private readonly mfa: MfaRepository,
    private readonly passkeys: PasskeyCounter,
  ) {}

  async execute(query: { userId: string }): Promise<MeView> {
    const user = await requireUser(this.users, query.userId);
    const active = user.active;
    const [permissions, teams, totp, passkeys] = await Promise.all([
      this.access.permissionsOf(user.id, user.roles),
      this.access.teamsOf(user.id),
      this.mfa.findTotp(user.id),
      this.passkeys.countFor(user.id),
    ]);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      roles: [...user.roles].sort(),
      permissions: active ? narrowToCaller(user.id, permissions) : [],
      teams,
      createdAt: user.createdAt.toISOString(),
      mfa: { totp: Boolean(totp?.enabledAt), passkeys },
    };
  }
}
