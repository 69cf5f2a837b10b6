import { identityKit } from '@keyward/testing';
import { userActor } from '@keyward/kernel';
import { CreateApiKeyInteractor } from './create-api-key.interactor';

describe('CreateApiKeyInteractor', () => {
  async function setup() {
    const kit = identityKit();
    const user = await kit.register.execute({ email: 'ada@example.com', password: 'first passphrase' });
    await kit.users.setRoles(user.id, ['user', 'signer']);
    const createKey = new CreateApiKeyInteractor(
      kit.users,
      kit.apiKeys,
      kit.clock,
      kit.random,
      kit.grants,
      kit.access,
      kit.audit,
    );
    return { ...kit, user, actor: userActor(user.id), createKey };
  }

  it('stores the scope without repeats, sorted, shows it, and asks the grant rule to hand it out', async () => {
    const { createKey, user, actor, apiKeys, grants, audit } = await setup();
    const permissions = ['users:read', 'signing:sign', 'users:read'];
    const created = await createKey.execute({ actor, userId: user.id, name: 'ci', permissions });
    expect(created.permissions).toEqual(['signing:sign', 'users:read']);
    expect(apiKeys.keys.get(created.id)?.permissions).toEqual(['signing:sign', 'users:read']);
    expect(grants.checks).toContainEqual({ kind: 'grant', actor, permissions: ['signing:sign', 'users:read'] });
    expect(audit.events.at(-1)?.details).toMatchObject({ permissions: ['signing:sign', 'users:read'] });
  });

  it("hands out all of the owner's permissions when unscoped, so a scoped caller cannot mint a wider key", async () => {
    const { createKey, user, actor, grants } = await setup();
    const created = await createKey.execute({ actor, userId: user.id, name: 'ci' });
    expect(created.permissions).toBeNull();
    expect(grants.checks).toContainEqual({ kind: 'grant', actor, permissions: ['signing:sign'] });
  });

  it('keeps an empty scope: a key that holds nothing', async () => {
    const { createKey, user, actor } = await setup();
    expect((await createKey.execute({ actor, userId: user.id, name: 'ci', permissions: [] })).permissions).toEqual([]);
  });

  it('refuses unknown permissions by name before storing anything', async () => {
    const { createKey, user, actor, apiKeys } = await setup();
    const attempt = createKey.execute({ actor, userId: user.id, name: 'ci', permissions: ['signing:sign', 'x:y'] });
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'Unknown permission: x:y' });
    expect(apiKeys.keys.size).toBe(0);
  });

  it('stores nothing when the grant rule refuses the scope', async () => {
    const { createKey, user, actor, apiKeys, grants } = await setup();
    grants.refuse = true;
    const attempt = createKey.execute({ actor, userId: user.id, name: 'ci', permissions: ['users:write'] });
    await expect(attempt).rejects.toMatchObject({ code: 'ESCALATION_DENIED' });
    expect(apiKeys.keys.size).toBe(0);
  });
});
