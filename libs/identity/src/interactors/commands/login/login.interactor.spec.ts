import { identityKit } from '@keyward/testing';
import { RateLimitedError } from '@keyward/kernel';
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

  it('audits each outcome: who, why a login was refused, never the email or password tried', async () => {
    const { login, user, users, audit } = await setup();
    const password = 'long enough passphrase';
    audit.events.length = 0;
    const issued = await login.execute({ email: user.email, password, client });
    await login.execute({ email: user.email, password, client, lifetime: 'sign-file' });
    await expect(login.execute({ email: 'nobody@example.com', password, client })).rejects.toThrow();
    await expect(login.execute({ email: user.email, password: 'wrong passphrase!', client })).rejects.toThrow();
    await users.update({ ...user, active: false });
    await expect(login.execute({ email: user.email, password, client })).rejects.toThrow();

    const event = (actorId: string | null) => ({ actorId, targetType: 'user', targetId: actorId, ip: client.ip });
    expect(audit.events).toEqual([
      { ...event(user.id), action: 'auth.login.success', details: { sessionId: issued.sessionId } },
      { ...event(user.id), action: 'auth.token.issued', details: { sessionId: expect.any(String) } },
      { ...event(null), action: 'auth.login.failure', details: { reason: 'unknown-email' } },
      { ...event(user.id), action: 'auth.login.failure', details: { reason: 'wrong-password' } },
      { ...event(user.id), action: 'auth.login.failure', details: { reason: 'inactive' } },
    ]);
    const recorded = JSON.stringify(audit.events);
    for (const secret of [password, 'wrong passphrase!', 'nobody@example.com', issued.accessToken, issued.refreshToken])
      expect(recorded).not.toContain(secret);
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

  describe('login limits', () => {
    async function limited() {
      const kit = identityKit({ loginFailures: { perAccount: 2, perIp: 3, windowSeconds: 60 } });
      const user = await kit.register.execute({ email: 'ada@example.com', password: 'long enough passphrase' });
      const attempt = (password: string, ip = client.ip, email = user.email) =>
        kit.login.execute({ email, password, client: { ip, userAgent: null } }).then(
          () => 'ok',
          (error: unknown) => (error as Error).constructor.name,
        );
      return { ...kit, user, attempt };
    }

    it('counts failures only: successes in between never bring a key closer to its limit', async () => {
      const { attempt } = await limited();
      expect(await attempt('wrong passphrase')).toBe('InvalidCredentialsError');
      for (let i = 0; i < 20; i += 1) expect(await attempt('long enough passphrase')).toBe('ok');
      expect(await attempt('wrong passphrase')).toBe('InvalidCredentialsError');
      expect(await attempt('long enough passphrase')).toBe(RateLimitedError.name);
    });

    it('refuses a limited key before checking any password, until its window ends', async () => {
      const { attempt, hasher, clock } = await limited();
      await attempt('wrong passphrase');
      await attempt('wrong passphrase');
      hasher.verified.length = 0;
      expect(await attempt('long enough passphrase')).toBe(RateLimitedError.name);
      expect(hasher.verified).toEqual([]);
      // Another address for the same account, and the same address for another account, are not refused.
      expect(await attempt('long enough passphrase', '198.51.100.7')).toBe('ok');
      expect(await attempt('whatever it is', client.ip, 'someone@example.com')).toBe('InvalidCredentialsError');
      clock.advance(60_000);
      expect(await attempt('long enough passphrase')).toBe('ok');
    });

    it('limits one address across emails', async () => {
      const { attempt } = await limited();
      for (const email of ['a@example.com', 'b@example.com', 'c@example.com'])
        expect(await attempt('guess', client.ip, email)).toBe('InvalidCredentialsError');
      expect(await attempt('long enough passphrase')).toBe(RateLimitedError.name);
    });

    it('counts the addresses of one IPv6 /64 as one client', async () => {
      const { attempt } = await limited();
      for (const [i, ip] of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3'].entries())
        expect(await attempt('guess', ip, `x${i}@example.com`)).toBe('InvalidCredentialsError');
      expect(await attempt('long enough passphrase', '2001:db8:1:2::99')).toBe(RateLimitedError.name);
      expect(await attempt('long enough passphrase', '2001:db8:1:3::1')).toBe('ok');
    });

    it("does not count a failure that was not the client's (a store that is down)", async () => {
      const { attempt, sessions } = await limited();
      const create = sessions.create.bind(sessions);
      sessions.create = () => Promise.reject(new Error('session store down'));
      for (let i = 0; i < 5; i += 1) expect(await attempt('long enough passphrase')).toBe('Error');
      sessions.create = create;
      expect(await attempt('long enough passphrase')).toBe('ok');
    });

    it("meters every attempt by outcome, and nothing for a failure that was not the client's", async () => {
      const { attempt, meter, sessions } = await limited();
      await attempt('long enough passphrase');
      await attempt('wrong passphrase');
      await attempt('wrong passphrase');
      await attempt('long enough passphrase');
      const create = sessions.create.bind(sessions);
      sessions.create = () => Promise.reject(new Error('session store down'));
      await attempt('long enough passphrase', '198.51.100.7');
      sessions.create = create;
      expect(meter.logins).toEqual(['success', 'failure', 'failure', 'rate_limited']);
    });

    it('counts nothing when rate limiting is off', async () => {
      const kit = identityKit({ loginFailures: null });
      await kit.register.execute({ email: 'ada@example.com', password: 'long enough passphrase' });
      for (let i = 0; i < 3; i += 1)
        await expect(
          kit.login.execute({ email: 'ada@example.com', password: 'wrong passphrase', client }),
        ).rejects.toBeInstanceOf(InvalidCredentialsError);
    });
  });
});
