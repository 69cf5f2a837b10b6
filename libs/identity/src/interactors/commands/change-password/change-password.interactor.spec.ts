import { identityKit } from '@keyward/testing';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import { ChangePasswordInteractor } from './change-password.interactor';

describe('ChangePasswordInteractor', () => {
  it('keeps the current session, revokes the others and replaces the hash', async () => {
    const kit = identityKit();
    const { user, issued: current } = await kit.loggedInUser();
    const other = await kit.login.execute({
      email: user.email,
      password: 'first passphrase',
      client: { ip: null, userAgent: null },
    });
    const change = new ChangePasswordInteractor(kit.users, kit.hasher, kit.policy, kit.sessions, kit.clock, kit.audit);

    await expect(
      change.execute({
        userId: user.id,
        currentSessionId: current.sessionId,
        currentPassword: 'wrong one!',
        newPassword: 'second passphrase',
      }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    await change.execute({
      userId: user.id,
      currentSessionId: current.sessionId,
      currentPassword: 'first passphrase',
      newPassword: 'second passphrase',
    });

    expect(await kit.sessions.get(current.sessionId)).not.toBeNull();
    expect(await kit.sessions.get(other.sessionId)).toBeNull();
    expect((await kit.users.findById(user.id))?.passwordHash).toBe('hashed:second passphrase');
  });
});
