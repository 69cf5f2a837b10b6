import { identityKit } from '@keyward/testing';
import { SYSTEM_ACTOR } from '@keyward/kernel';
import { EmailTakenError, RegistrationClosedError, WeakPasswordError } from '../../../domain/identity-errors';
import { RegisterUserInteractor } from './register-user.interactor';

describe('RegisterUserInteractor', () => {
  function setup(settings: Parameters<typeof identityKit>[0] = {}) {
    const kit = identityKit(settings);
    return {
      ...kit,
      register: new RegisterUserInteractor(
        kit.users,
        kit.hasher,
        kit.policy,
        kit.clock,
        kit.random,
        kit.config,
        kit.grants,
        kit.audit,
      ),
    };
  }

  it('stores a normalised email, a hash (never the password) and the default role', async () => {
    const { register, users } = setup();
    const user = await register.execute({
      email: '  Grace@Example.COM ',
      password: 'a sound passphrase',
      name: '  Grace ',
    });
    const stored = await users.findById(user.id);
    expect(stored).toMatchObject({ email: 'grace@example.com', name: 'Grace', roles: ['user'], active: true });
    expect(stored?.passwordHash).toBe('hashed:a sound passphrase');
  });

  it('refuses a second account for the same email in any case', async () => {
    const { register } = setup();
    await register.execute({ email: 'grace@example.com', password: 'a sound passphrase' });
    await expect(
      register.execute({ email: 'GRACE@example.com', password: 'a sound passphrase' }),
    ).rejects.toBeInstanceOf(EmailTakenError);
  });

  it('applies the password policy, including "not the email"', async () => {
    const { register } = setup();
    await expect(register.execute({ email: 'a@example.com', password: 'password123' })).rejects.toBeInstanceOf(
      WeakPasswordError,
    );
    await expect(
      register.execute({ email: 'longname@example.com', password: 'LongName@example.com' }),
    ).rejects.toBeInstanceOf(WeakPasswordError);
  });

  it('is closed to self-registration when configured, but not to administrators', async () => {
    const { register } = setup({ registration: 'closed' });
    await expect(register.execute({ email: 'a@example.com', password: 'a sound passphrase' })).rejects.toBeInstanceOf(
      RegistrationClosedError,
    );
    await expect(
      register.execute({
        email: 'a@example.com',
        password: 'a sound passphrase',
        creator: { actor: SYSTEM_ACTOR, roles: ['user'] },
      }),
    ).resolves.toBeDefined();
  });
});
