import { identityKit } from '@keyward/testing';
import { userActor } from '@keyward/kernel';
import { UnknownRoleError } from '../../../domain/identity-errors';
import { CreateApiKeyInteractor } from '../create-api-key/create-api-key.interactor';
import { CreateUserInteractor } from './create-user.interactor';

describe('CreateUserInteractor', () => {
  const actor = userActor('00000000-0000-4000-8000-00000000beef');

  function setup() {
    const kit = identityKit();
    const createKey = new CreateApiKeyInteractor(
      kit.users,
      kit.apiKeys,
      kit.clock,
      kit.random,
      kit.grants,
      kit.access,
      kit.audit,
    );
    return { ...kit, createKey, createUser: new CreateUserInteractor(kit.register, createKey, kit.users, kit.access) };
  }

  it('creates the account with its roles and a first API key that authenticates', async () => {
    const { createUser, apiKeys, grants } = setup();
    const created = await createUser.execute({
      actor,
      email: 'grace@example.com',
      password: 'a sound passphrase',
      roles: ['user', 'signer'],
    });
    expect(created.roles).toEqual(['signer', 'user']);
    expect(created.apiKey.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(apiKeys.keys.get(created.apiKey.id)?.userId).toBe(created.id);
    // The roles are handed out by the actor, so the grant rule is asked about them.
    expect(grants.checks[0]).toEqual({ kind: 'roles', actor, account: null, added: ['user', 'signer'], removed: [] });
  });

  it('creates nothing when the grant rule refuses the roles', async () => {
    const { createUser, users, grants } = setup();
    grants.refuse = true;
    await expect(
      createUser.execute({ actor, email: 'x@example.com', password: 'a sound passphrase', roles: ['admin'] }),
    ).rejects.toMatchObject({ code: 'ESCALATION_DENIED' });
    expect(users.users.size).toBe(0);
  });

  it('leaves no account behind when the first key cannot be created, so the call can be retried', async () => {
    const { createUser, createKey, users } = setup();
    jest.spyOn(createKey, 'execute').mockRejectedValueOnce(new Error('database went away'));
    await expect(
      createUser.execute({ actor, email: 'grace@example.com', password: 'a sound passphrase' }),
    ).rejects.toThrow('database went away');
    expect(await users.findByEmail('grace@example.com')).toBeNull();
    await expect(
      createUser.execute({ actor, email: 'grace@example.com', password: 'a sound passphrase' }),
    ).resolves.toBeDefined();
  });

  it('refuses unknown roles before creating anything', async () => {
    const { createUser, users } = setup();
    await expect(
      createUser.execute({ actor, email: 'x@example.com', password: 'a sound passphrase', roles: ['wizard'] }),
    ).rejects.toBeInstanceOf(UnknownRoleError);
    expect(users.users.size).toBe(0);
  });
});
