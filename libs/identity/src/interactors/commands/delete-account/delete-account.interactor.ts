import { Injectable } from '@nestjs/common';
import { userActor } from '@keyward/kernel';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import { PasswordHasher, UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';
import { DeleteUserInteractor } from '../delete-user/delete-user.interactor';

/** Self-service deletion, confirmed with the password. */
@Injectable()
export class DeleteAccountInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly deleteUser: DeleteUserInteractor,
  ) {}

  async execute(command: { userId: string; password: string }): Promise<void> {
    const user = await requireUser(this.users, command.userId);
    if (!(await this.hasher.verify(user.passwordHash, command.password))) throw new InvalidCredentialsError();
    await this.deleteUser.execute({ actor: userActor(user.id), userId: user.id });
  }
}
