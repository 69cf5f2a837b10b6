import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../../domain/ports';
import { toUserView, UserView } from '../../../domain/user';
import { requireUser } from '../../shared/users';

@Injectable()
export class GetUserInteractor {
  constructor(private readonly users: UserRepository) {}

  async execute(query: { userId: string }): Promise<UserView> {
    return toUserView(await requireUser(this.users, query.userId));
  }
}
