import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@keyward/kernel';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { ApiKey } from '../domain/api-key';
import { EmailTakenError } from '../domain/identity-errors';
import { User } from '../domain/user';
import { TypeormApiKeyRepository } from './typeorm-api-key.repository';
import { TypeormUserRepository } from './typeorm-user.repository';

describe('identity repositories on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let users: TypeormUserRepository;
  let keys: TypeormApiKeyRepository;

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    users = new TypeormUserRepository(dataSource);
    keys = new TypeormApiKeyRepository(dataSource);
  });
  afterAll(() => close());

  const at = new Date('2026-11-21T10:11:12.345Z');
  const newUser = (overrides: Partial<User> = {}): User => ({
    id: randomUUID(),
    email: `${randomUUID()}@example.com`,
    name: 'Someone',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
    active: true,
    emailVerified: false,
    roles: ['user'],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
  const newKey = (userId: string, overrides: Partial<ApiKey> = {}): ApiKey => ({
    id: randomUUID(),
    userId,
    name: 'ci',
    prefix: 'kw_abcdefgh',
    keyHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    active: true,
    createdAt: at,
    lastUsedAt: null,
    expiresAt: null,
    permissions: null,
    ...overrides,
  });

  it('stores and loads users with roles, timestamps to the millisecond and nulls', async () => {
    const user = newUser({ name: null, roles: ['user', 'signer'] });
    await users.create(user);
    expect(await users.findById(user.id)).toEqual({ ...user, roles: ['signer', 'user'] });
    expect(await users.findByEmail(user.email)).toEqual({ ...user, roles: ['signer', 'user'] });
    expect(await users.findById(randomUUID())).toBeNull();
  });

  it('turns a duplicate email into EmailTakenError, on create and on update', async () => {
    const first = newUser();
    const second = newUser();
    await users.create(first);
    await users.create(second);
    await expect(users.create(newUser({ email: first.email }))).rejects.toBeInstanceOf(EmailTakenError);
    await expect(users.update({ ...second, email: first.email })).rejects.toBeInstanceOf(EmailTakenError);
    expect((await users.findById(second.id))?.email).toBe(second.email);
  });

  it('filters by part of the email, treating LIKE wildcards literally, and pages', async () => {
    const tag = randomUUID().slice(0, 8);
    for (const local of ['alpha', 'beta', 'al%pha'])
      await users.create(newUser({ email: `${local}.${tag}@example.com` }));
    const page = await users.list({ email: 'AL' }, { limit: 200, offset: 0 });
    expect(page.items.every((u) => u.email.includes('al'))).toBe(true);
    const tagged = await users.list({ email: tag }, { limit: 2, offset: 0 });
    expect(tagged).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(tagged.items).toHaveLength(2);
    const literal = await users.list({ email: `al%pha.${tag}` }, { limit: 10, offset: 0 });
    expect(literal.items.map((u) => u.email)).toEqual([`al%pha.${tag}@example.com`]);
    const underscore = await users.list({ email: `_${tag}` }, { limit: 10, offset: 0 });
    expect(underscore.total).toBe(0);
  });

  it('replaces roles and finds whether anyone holds one', async () => {
    const user = newUser();
    await users.create(user);
    const role = `role-${randomUUID().slice(0, 8)}`;
    expect(await users.existsWithRole(role)).toBe(false);
    await users.setRoles(user.id, [role, 'user']);
    expect((await users.findById(user.id))?.roles).toEqual([role, 'user'].sort());
    expect(await users.existsWithRole(role)).toBe(true);
  });

  it('scopes API keys by owner and finds usable ones by hash only while the owner is active', async () => {
    const owner = newUser();
    const other = newUser();
    await users.create(owner);
    await users.create(other);
    const key = newKey(owner.id, { expiresAt: new Date('2030-01-01T00:00:00.000Z') });
    await keys.create(key);
    expect(await keys.findUsableByHash(key.keyHash)).toEqual(key);
    expect(await keys.findForUser(other.id, key.id)).toBeNull();
    expect(await keys.deleteForUser(other.id, key.id)).toBe(false);
    await keys.update({ ...key, userId: other.id, active: false });
    expect((await keys.findForUser(owner.id, key.id))?.active).toBe(true);
    await keys.markUsed(key.id, at);
    expect((await keys.findForUser(owner.id, key.id))?.lastUsedAt).toEqual(at);
    await users.update({ ...owner, active: false });
    expect(await keys.findUsableByHash(key.keyHash)).toBeNull();
  });

  it('deletes a user with their roles and API keys', async () => {
    const user = newUser();
    await users.create(user);
    const key = newKey(user.id);
    await keys.create(key);
    expect(await users.delete(user.id)).toBe(true);
    expect(await keys.findUsableByHash(key.keyHash)).toBeNull();
    expect((await keys.listForUser(user.id, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await users.delete(user.id)).toBe(false);
  });

  it('answers NOT_FOUND, not a database error, when the user was deleted meanwhile', async () => {
    const gone = newUser();
    await users.create(gone);
    await users.delete(gone.id);
    await expect(users.setRoles(gone.id, ['admin'])).rejects.toBeInstanceOf(NotFoundError);
    await expect(keys.create(newKey(gone.id))).rejects.toBeInstanceOf(NotFoundError);
  });
});
