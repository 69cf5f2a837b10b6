import { Actor, GrantGuard, NotFoundError } from '@keyward/kernel';
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

/** The user, if the actor may act on that account (see GrantGuard.assertMayActOn); else NOT_FOUND or ESCALATION_DENIED. */
export async function requireUserActedOnBy(
  actor: Actor,
  users: UserRepository,
  grants: GrantGuard,
  id: string,
): Promise<User> {
  const user = await requireUser(users, id);
  await grants.assertMayActOn(actor, user);
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
