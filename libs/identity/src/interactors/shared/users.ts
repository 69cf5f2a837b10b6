import { NotFoundError } from '@keyward/core';
import { LastAdminError } from '../../domain/identity-errors';
import { UserRepository } from '../../domain/ports';
import { ADMIN_ROLE } from '../../domain/roles';
import { User } from '../../domain/user';

/** The user with that id, or NOT_FOUND. */
export async function requireUser(users: UserRepository, id: string): Promise<User> {
  const user = await users.findById(id);
  if (!user) throw new NotFoundError('User');
  return user;
}

/**
 * Refuses to remove, deactivate or strip the last active administrator: nobody could manage roles any more
 * (until BOOTSTRAP_ADMIN_* at the next start).
 */
export async function assertNotLastAdmin(users: UserRepository, user: User): Promise<void> {
  if (!user.active || !user.roles.includes(ADMIN_ROLE)) return;
  if (!(await users.otherActiveWithRole(ADMIN_ROLE, user.id))) throw new LastAdminError();
}
