import { identityKit } from '@keyward/testing';
import { AccessCache, UncachedAccessVersion } from '@keyward/core';
import { userActor } from '@keyward/kernel';
import { CreateApiKeyInteractor } from '../create-api-key/create-api-key.interactor';
import { AuthenticateInteractor } from './authenticate.interactor';

describe('AuthenticateInteractor', () => {
  async function setup() {
    const kit = identityKit();
    const { user, issued } = await kit.loggedInUser();
    const authenticate = new AuthenticateInteractor(
      kit.tokens,
      kit.sessions,
      kit.apiKeys,
      kit.issuer,
      kit.clock,
      new AccessCache(new UncachedAccessVersion(), 0),
    );
    const createKey = new CreateApiKeyInteractor(
      kit.users,
      kit.apiKeys,
      kit.clock,
      kit.random,
      kit.grants,
      kit.access,
      kit.audit,
    );
    return { ...kit, user, issued, authenticate, createKey };
  }

  it('accepts a token only while its session lives', async () => {
    const { authenticate, issued, sessions, user } = await setup();
    const credentials = { kind: 'bearer' as const, token: issued.accessToken };
    expect(await authenticate.execute(credentials)).toEqual({
      userId: user.id,
      sessionId: issued.sessionId,
      apiKeyId: null,
    });
    await sessions.deleteForUser(user.id, issued.sessionId);
    expect(await authenticate.execute(credentials)).toBeNull();
  });

  it('records session activity at most once a minute', async () => {
    const { authenticate, issued, sessions, clock } = await setup();
    const credentials = { kind: 'bearer' as const, token: issued.accessToken };
    const created = (await sessions.get(issued.sessionId))!.lastSeenAt;
    clock.advance(30_000);
    await authenticate.execute(credentials);
    expect((await sessions.get(issued.sessionId))!.lastSeenAt).toEqual(created);
    clock.advance(31_000);
    await authenticate.execute(credentials);
    expect((await sessions.get(issued.sessionId))!.lastSeenAt).toEqual(clock.now());
  });

  it('accepts active, unexpired API keys of active users only', async () => {
    const { authenticate, createKey, user, users, apiKeys, clock } = await setup();
    const key = await createKey.execute({
      actor: userActor(user.id),
      userId: user.id,
      name: 'ci',
      expiresAt: new Date(clock.now().getTime() + 3_600_000),
    });
    const credentials = { kind: 'apiKey' as const, key: key.key };
    expect(await authenticate.execute(credentials)).toEqual({
      userId: user.id,
      sessionId: null,
      apiKeyId: key.id,
      scope: null,
    });
    expect(apiKeys.keys.get(key.id)?.lastUsedAt).toEqual(clock.now());
    expect(await authenticate.execute({ kind: 'apiKey', key: `${key.key}x` })).toBeNull();
    clock.advance(3_600_001);
    expect(await authenticate.execute(credentials)).toBeNull();
    await users.update({ ...(await users.findById(user.id))!, active: false });
    clock.advance(-3_600_001);
    expect(await authenticate.execute(credentials)).toBeNull();
  });

  it("gives a scoped key's principal the key's scope", async () => {
    const { authenticate, createKey, user } = await setup();
    const key = await createKey.execute({ actor: userActor(user.id), userId: user.id, name: 'ci', permissions: [] });
    const principal = await authenticate.execute({ kind: 'apiKey', key: key.key });
    expect(principal?.scope).toEqual([]);
  });
});
