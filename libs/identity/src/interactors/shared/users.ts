import { NotFoundError } from '@keyward/core';
import { UserRepository } from '../../domain/ports';
import { User } from '../../domain/user';

/** The user with that id, or NOT_FOUND. */
export async function requireUser(users: UserRepository, id: string): Promise<User> {
  const user = await users.findById(id);
  if (!user) throw new NotFoundError('User');
  return user;
}
