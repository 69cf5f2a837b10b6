import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../../domain/ports';

/** Follows a role renamed (`to`) or deleted (null) in access control on every account that holds it. */
@Injectable()
export class ReassignRoleInteractor {
  constructor(private readonly users: UserRepository) {}

  async execute(command: { from: string; to: string | null }): Promise<number> {
    if (command.from === command.to) return 0;
    return this.users.reassignRole(command.from, command.to);
  }
}
