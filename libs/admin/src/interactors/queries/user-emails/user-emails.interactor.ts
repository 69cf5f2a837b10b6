import { Injectable } from '@nestjs/common';
import { GetUserInteractor } from '@keyward/identity';
import { AppError, PermissionResolver } from '@keyward/kernel';

/**
 * The emails of the users a page names by id (team members, audit actors), so that people read addresses rather
 * than UUIDs. Reading a user is GET /auth/users/{id}: without `users:read` the page keeps the ids (empty map), and
 * an id that names no user any more (deleted) is simply left out.
 */
@Injectable()
export class UserEmailsInteractor {
  constructor(
    private readonly users: GetUserInteractor,
    private readonly permissions: PermissionResolver,
  ) {}

  async execute(query: { actorId: string; userIds: (string | null)[] }): Promise<Map<string, string>> {
    const emails = new Map<string, string>();
    if (!(await this.permissions.permissionsOf(query.actorId)).has('users:read')) return emails;
    const ids = [...new Set(query.userIds.filter((id): id is string => id !== null))];
    await Promise.all(
      ids.map(async (userId) => {
        try {
          emails.set(userId, (await this.users.execute({ userId })).email);
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
        }
      }),
    );
    return emails;
  }
}
