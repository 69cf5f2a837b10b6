import { identityKit } from '@keyward/testing';
import { InvalidCredentialsError } from '../../../domain/identity-errors';

describe('LoginInteractor', () => {
  const client = { ip: '203.0.113.9', userAgent: 'jest' };

  async function setup() {
    const kit = identityKit();
    const user = await kit.register.execute({ email: 'Ada@Example.com', password: 'long enough passphrase' });
    return { ...kit, user };
  }

  it('starts a session recording the client and returns tokens', async () => {
    const { login, user, sessions } = await setup();
    const issued = await login.execute({ email: ' ADA@example.com ', password: 'long enough passphrase', client });
    expect(issued.user).toEqual({ id: user.id, email: 'ada@example.com', name: null });
    const session = await sessions.get(issued.sessionId);
    expect(session).toMatchObject({ userId: user.id, ip: client.ip, userAgent: 'jest' });
    expect(issued.refreshToken.startsWith(`${issued.sessionId}.`)).toBe(true);
    expect(session?.refreshTokenHash).not.toContain(issued.refreshToken);
  });

  it('checks a dummy hash for an unknown email so the timing matches a wrong password', async () => {
    const { login, hasher } = await setup();
    hasher.verified.length = 0;
    await expect(
      login.execute({ email: 'nobody@example.com', password: 'whatever it is', client }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(hasher.verified).toHaveLength(1);
  });

  it('fails the same way for a wrong password and for a disabled account', async () => {
    const { login, user, users, sessions } = await setup();
    await expect(login.execute({ email: user.email, password: 'wrong passphrase!', client })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    await users.update({ ...user, active: false });
    await expect(
      login.execute({ email: user.email, password: 'long enough passphrase', client }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(sessions.sessions.size).toBe(0);
  });

  it('leaves no session behind when the account is deactivated while the password is checked', async () => {
    const { login, user, users, sessions, hasher } = await setup();
    hasher.duringVerify = async () => {
      hasher.duringVerify = null;
      await users.update({ ...user, active: false });
      await sessions.deleteAllForUser(user.id);
    };
    await expect(
      login.execute({ email: user.email, password: 'long enough passphrase', client }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(await sessions.listByUser(user.id)).toEqual([]);
  });

  it('re-hashes a password made with outdated parameters', async () => {
    const { login, user, users, hasher } = await setup();
    hasher.outdated.add(user.passwordHash);
    await users.update({ ...user, passwordHash: user.passwordHash });
    await login.execute({ email: user.email, password: 'long enough passphrase', client });
    expect(hasher.verified).toContain(user.passwordHash);
    expect((await users.findById(user.id))?.passwordHash).toBe('hashed:long enough passphrase');
  });
});
