import { identityKit } from '@keyward/testing';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../../../domain/identity-errors';
import { RefreshSessionInteractor } from './refresh-session.interactor';

describe('RefreshSessionInteractor', () => {
  async function loggedIn() {
    const kit = identityKit();
    const { user, issued } = await kit.loggedInUser();
    const refresh = new RefreshSessionInteractor(kit.sessions, kit.users, kit.issuer, kit.clock, kit.random, kit.audit);
    return { ...kit, user, issued, refresh };
  }

  it('rotates the token and extends the idle expiry', async () => {
    const { refresh, issued, clock, sessions } = await loggedIn();
    const before = await sessions.get(issued.sessionId);
    clock.advance(60_000);
    const next = await refresh.execute({ refreshToken: issued.refreshToken });
    expect(next.sessionId).toBe(issued.sessionId);
    expect(next.refreshToken).not.toBe(issued.refreshToken);
    const after = await sessions.get(issued.sessionId);
    expect(after!.idleExpiresAt.getTime()).toBe(before!.idleExpiresAt.getTime() + 60_000);
  });

  it('revokes the session when an already rotated token comes back', async () => {
    const { refresh, issued, sessions } = await loggedIn();
    const next = await refresh.execute({ refreshToken: issued.refreshToken });
    await expect(refresh.execute({ refreshToken: issued.refreshToken })).rejects.toBeInstanceOf(
      RefreshTokenReusedError,
    );
    expect(await sessions.get(issued.sessionId)).toBeNull();
    await expect(refresh.execute({ refreshToken: next.refreshToken })).rejects.toBeInstanceOf(InvalidRefreshTokenError);
  });

  it('refuses tokens of expired sessions and malformed tokens', async () => {
    const { refresh, issued, clock, config } = await loggedIn();
    await expect(refresh.execute({ refreshToken: 'no-dot-here' })).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    clock.advance(config.sessions.idleTtl * 1000 + 1);
    await expect(refresh.execute({ refreshToken: issued.refreshToken })).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
  });

  it('ends the sessions of a user deactivated meanwhile', async () => {
    const { refresh, issued, users, user, sessions } = await loggedIn();
    await users.update({ ...user, active: false });
    await expect(refresh.execute({ refreshToken: issued.refreshToken })).rejects.toBeInstanceOf(
      InvalidRefreshTokenError,
    );
    expect(await sessions.listByUser(user.id)).toEqual([]);
  });
});
