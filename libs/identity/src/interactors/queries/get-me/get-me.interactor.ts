import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../../domain/ports';
import { permissionsOfRoles } from '../../../domain/roles';
import { requireUser } from '../../shared/users';

export interface MeView {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  permissions: string[];
  teams: { id: string; name: string; role: string }[];
  createdAt: string;
}

@Injectable()
export class GetMeInteractor {
  constructor(private readonly users: UserRepository) {}

  async execute(query: { userId: string }): Promise<MeView> {
    const user = await requireUser(this.users, query.userId);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: [...user.roles].sort(),
      permissions: permissionsOfRoles(user.roles),
      teams: [],
      createdAt: user.createdAt.toISOString(),
    };
  }
}
