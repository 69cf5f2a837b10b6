import { Injectable } from '@nestjs/common';
import { ListUsersInteractor, normalizeEmail } from '@keyward/identity';
import { ForbiddenError, NotFoundError, PermissionResolver } from '@keyward/kernel';

/**
 * The account with exactly this email, for forms that name a user by email where the API takes an id (team
 * and group members). Looking users up is what GET /auth/users does, so it needs `users:read` as that does. The
 * search matches parts of emails, so the exact (normalised) one is picked out.
 */
@Injectable()
export class FindUserByEmailInteractor {
  constructor(
    private readonly users: ListUsersInteractor,
    private readonly permissions: PermissionResolver,
  ) {}

  async execute(query: { actorId: string; email: string }): Promise<{ id: string; email: string }> {
    if (!(await this.permissions.permissionsOf(query.actorId)).has('users:read'))
      throw new ForbiddenError('Missing permission: users:read (to find a user by email)');
    const email = normalizeEmail(query.email);
    const page = await this.users.execute({ email, page: { limit: 200, offset: 0 } });
    const user = page.items.find((candidate) => candidate.email === email);
    if (!user) throw new NotFoundError('User with that email');
    return { id: user.id, email: user.email };
  }
}
