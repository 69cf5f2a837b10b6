import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

@Injectable()
export class UpdateProfileInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: { userId: string; name?: string | null }): Promise<void> {
    const user = await requireUser(this.users, command.userId);
    if (command.name === undefined) return;
    await this.users.update({ ...user, name: command.name?.trim() || null, updatedAt: this.clock.now() });
  }
}
