import { identityKit } from '@keyward/testing';
import { userActor } from '@keyward/kernel';
import { UpdateUserInteractor } from './update-user.interactor';

describe('UpdateUserInteractor', () => {
  const actor = userActor('00000000-0000-4000-8000-00000000beef');

  async function setup() {
    const kit = identityKit();
    const { user } = await kit.loggedInUser();
    const update = new UpdateUserInteractor(
      kit.users,
      kit.hasher,
      kit.policy,
      kit.sessions,
      kit.clock,
      kit.grants,
      kit.audit,
    );
    return { ...kit, user, update };
  }

  it('leaves sessions alone for a rename', async () => {
    const { update, user, sessions } = await setup();
    expect((await update.execute({ actor, userId: user.id, name: 'Ada' })).name).toBe('Ada');
    expect(await sessions.listByUser(user.id)).toHaveLength(1);
  });

  it('revokes every session on deactivation and on a new password', async () => {
    const { update, user, users, sessions, issuer } = await setup();
    expect((await update.execute({ actor, userId: user.id, active: false })).active).toBe(false);
    expect(await sessions.listByUser(user.id)).toHaveLength(0);

    await update.execute({ actor, userId: user.id, active: true });
    await issuer.start((await users.findById(user.id))!, { ip: null, userAgent: null });
    await update.execute({ actor, userId: user.id, password: 'another passphrase' });
    expect(await sessions.listByUser(user.id)).toHaveLength(0);
    expect((await users.findById(user.id))?.passwordHash).toBe('hashed:another passphrase');
  });

  it('asks the grant rule about the account first, and changes nothing when it refuses', async () => {
    const { update, user, users, sessions, grants } = await setup();
    grants.refuse = true;
    await expect(update.execute({ actor, userId: user.id, password: 'taken over' })).rejects.toMatchObject({
      code: 'ESCALATION_DENIED',
    });
    expect(grants.checks).toEqual([{ kind: 'act-on', actor, account: expect.objectContaining({ id: user.id }) }]);
    expect((await users.findById(user.id))?.passwordHash).toBe('hashed:first passphrase');
    expect(await sessions.listByUser(user.id)).toHaveLength(1);
  });
});
