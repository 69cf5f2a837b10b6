import { Injectable } from '@nestjs/common';
import { AccountDirectory, AccountStanding } from '@keyward/kernel';
import { UserRepository } from '../domain/ports';
import { ReassignRoleInteractor } from '../interactors/commands/reassign-role/reassign-role.interactor';

/** Identity's answer to access control's questions about accounts, read from the users table on every call. */
@Injectable()
export class UserAccountDirectory extends AccountDirectory {
  constructor(
    private readonly users: UserRepository,
    private readonly reassign: ReassignRoleInteractor,
  ) {
    super();
  }

  async find(userId: string): Promise<AccountStanding | null> {
    const user = await this.users.findById(userId);
    return user && { id: user.id, roles: user.roles, active: user.active };
  }

  async reassignRole(from: string, to: string | null): Promise<number> {
    return this.reassign.execute({ from, to });
  }
}
