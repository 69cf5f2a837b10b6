import { identityKit } from '@keyward/testing';
import { UnknownRoleError } from '../../../domain/identity-errors';
import { CreateApiKeyInteractor } from '../create-api-key/create-api-key.interactor';
import { CreateUserInteractor } from './create-user.interactor';

describe('CreateUserInteractor', () => {
  function setup() {
    const kit = identityKit();
    const createKey = new CreateApiKeyInteractor(kit.users, kit.apiKeys, kit.clock, kit.random);
    return { ...kit, createKey, createUser: new CreateUserInteractor(kit.register, createKey, kit.users, kit.access) };
  }

  it('creates the account with its roles and a first API key that authenticates', async () => {
    const { createUser, apiKeys } = setup();
    const created = await createUser.execute({
      email: 'grace@example.com',
      password: 'a sound passphrase',
      roles: ['user', 'signer'],
    });
    expect(created.roles).toEqual(['signer', 'user']);
    expect(created.apiKey.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(apiKeys.keys.get(created.apiKey.id)?.userId).toBe(created.id);
  });

  it('leaves no account behind when the first key cannot be created, so the call can be retried', async () => {
    const { createUser, createKey, users } = setup();
    jest.spyOn(createKey, 'execute').mockRejectedValueOnce(new Error('database went away'));
    await expect(createUser.execute({ email: 'grace@example.com', password: 'a sound passphrase' })).rejects.toThrow(
      'database went away',
    );
    expect(await users.findByEmail('grace@example.com')).toBeNull();
    await expect(
      createUser.execute({ email: 'grace@example.com', password: 'a sound passphrase' }),
    ).resolves.toBeDefined();
  });

  it('refuses unknown roles before creating anything', async () => {
    const { createUser, users } = setup();
    await expect(
      createUser.execute({ email: 'x@example.com', password: 'a sound passphrase', roles: ['wizard'] }),
    ).rejects.toBeInstanceOf(UnknownRoleError);
    expect(users.users.size).toBe(0);
  });
});
