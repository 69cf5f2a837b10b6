import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TypeormUserRepository } from '../../libs/identity/src/repositories/typeorm-user.repository';

/**
 * Stores a plain account straight through the user repository, for repository specs whose rows need an owner
 * (foreign keys); its password hash is no real hash, so it cannot log in.
 */
export async function storeUser(dataSource: DataSource, at: Date, roles: string[] = ['user']): Promise<string> {
  const id = randomUUID();
  await new TypeormUserRepository(dataSource).create({
    id,
    email: `${id}@example.com`,
    name: null,
    passwordHash: 'x',
    active: true,
    emailVerified: false,
    roles,
    createdAt: at,
    updatedAt: at,
  });
  return id;
}
