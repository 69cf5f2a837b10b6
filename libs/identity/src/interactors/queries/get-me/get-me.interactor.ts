import { Injectable } from '@nestjs/common';
import { AccessDirectory } from '@keyward/kernel';
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
}

@Injectable()
export class GetMeInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
  ) {}

  async execute(query: { userId: string }): Promise<MeView> {
    const user = await requireUser(this.users, query.userId);
    const active = user.active;
    const [permissions, teams] = await Promise.all([
      this.access.permissionsOf(user.id, user.roles),
      this.access.teamsOf(user.id),
    ]);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      roles: [...user.roles].sort(),
      permissions: active ? permissions : [],
      teams,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
