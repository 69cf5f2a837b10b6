import { identityKit } from '@keyward/testing';
import { userActor } from '@keyward/kernel';
import { SetUserRolesInteractor } from './set-user-roles.interactor';

describe('SetUserRolesInteractor', () => {
  const actor = userActor('00000000-0000-4000-8000-00000000beef');

  async function setup() {
    const kit = identityKit();
    const { user } = await kit.loggedInUser();
    await kit.users.setRoles(user.id, ['user', 'signer']);
    return { ...kit, user, setRoles: new SetUserRolesInteractor(kit.users, kit.access, kit.grants, kit.audit) };
  }

  it('asks the grant rule about exactly the roles added and removed, on that account', async () => {
    const { setRoles, user, grants } = await setup();
    const updated = await setRoles.execute({ actor, userId: user.id, roles: ['admin', 'user', 'admin'] });
    expect(updated.roles).toEqual(['admin', 'user']);
    expect(grants.checks).toEqual([
      {
        kind: 'roles',
        actor,
        account: expect.objectContaining({ id: user.id, roles: ['user', 'signer'] }),
        added: ['admin'],
        removed: ['signer'],
      },
    ]);
  });

  it('changes nothing when the grant rule refuses', async () => {
    const { setRoles, user, users, grants } = await setup();
    grants.refuse = true;
    await expect(setRoles.execute({ actor, userId: user.id, roles: ['admin'] })).rejects.toMatchObject({
      code: 'ESCALATION_DENIED',
    });
    expect((await users.findById(user.id))?.roles).toEqual(['user', 'signer']);
  });
});
