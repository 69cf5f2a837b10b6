import { identityKit } from '@keyward/testing';
import { UpdateUserInteractor } from './update-user.interactor';

describe('UpdateUserInteractor', () => {
  async function setup() {
    const kit = identityKit();
    const { user } = await kit.loggedInUser();
    const update = new UpdateUserInteractor(kit.users, kit.hasher, kit.policy, kit.sessions, kit.clock);
    return { ...kit, user, update };
  }

  it('leaves sessions alone for a rename', async () => {
    const { update, user, sessions } = await setup();
    expect((await update.execute({ userId: user.id, name: 'Ada' })).name).toBe('Ada');
    expect(await sessions.listByUser(user.id)).toHaveLength(1);
  });

  it('revokes every session on deactivation and on a new password', async () => {
    const { update, user, users, sessions, issuer } = await setup();
    expect((await update.execute({ userId: user.id, active: false })).active).toBe(false);
    expect(await sessions.listByUser(user.id)).toHaveLength(0);

    await update.execute({ userId: user.id, active: true });
    await issuer.start((await users.findById(user.id))!, { ip: null, userAgent: null });
    await update.execute({ userId: user.id, password: 'another passphrase' });
    expect(await sessions.listByUser(user.id)).toHaveLength(0);
    expect((await users.findById(user.id))?.passwordHash).toBe('hashed:another passphrase');
  });
});
