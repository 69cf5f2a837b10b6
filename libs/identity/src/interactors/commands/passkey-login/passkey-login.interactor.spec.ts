import { InvalidCredentialsError, PASSKEY_CHALLENGE_TTL_SECONDS } from '@keyward/identity';
import {
  identityKit,
  InMemoryPasskeyChallengeRepository,
  InMemoryPasskeyRepository,
  ScriptedCeremonies,
} from '../../../../../../test/fakes';
import { BeginPasskeyLoginInteractor } from '../begin-passkey-login/begin-passkey-login.interactor';
import { BeginPasskeyRegistrationInteractor } from '../begin-passkey-registration/begin-passkey-registration.interactor';
import { RegisterPasskeyInteractor } from '../register-passkey/register-passkey.interactor';
import { PasskeyLoginInteractor } from './passkey-login.interactor';

function setup() {
  const kit = identityKit();
  const passkeys = new InMemoryPasskeyRepository();
  const challenges = new InMemoryPasskeyChallengeRepository();
  const ceremonies = new ScriptedCeremonies();
  const deps = [kit.users, passkeys, challenges, ceremonies, kit.clock, kit.random] as const;
  const beginRegistration = new BeginPasskeyRegistrationInteractor(...deps);
  const register = new RegisterPasskeyInteractor(passkeys, challenges, ceremonies, kit.clock, kit.random, kit.audit);
  const beginLogin = new BeginPasskeyLoginInteractor(...deps);
  const login = new PasskeyLoginInteractor(
    kit.users,
    passkeys,
    challenges,
    ceremonies,
    kit.issuer,
    kit.sessions,
    kit.clock,
    kit.meter,
    kit.audit,
  );
  const client = { ip: '203.0.113.9', userAgent: null };
  /** A user with one passkey whose credential id is `cred-1` (counter 1). */
  async function userWithPasskey() {
    const { user } = await kit.loggedInUser();
    const options = await beginRegistration.execute({ userId: user.id });
    const passkey = await register.execute({
      userId: user.id,
      name: 'laptop',
      response: { id: 'cred-1', challenge: options.challenge, counter: 1 },
    });
    return { user, passkey };
  }
  async function answer(email: string | undefined, response: { id: string; counter: number; valid?: boolean }) {
    const options = await beginLogin.execute({ email });
    return login.execute({
      challengeId: options.challengeId,
      response: { ...response, challenge: options.challenge },
      client,
    });
  }
  return {
    ...kit,
    passkeys,
    challenges,
    beginRegistration,
    register,
    beginLogin,
    login,
    client,
    userWithPasskey,
    answer,
  };
}

describe('PasskeyLoginInteractor', () => {
  it('opens a session for a verified passkey, saves its counter, and records the login', async () => {
    const t = setup();
    const { user, passkey } = await t.userWithPasskey();
    const issued = await t.answer(user.email, { id: 'cred-1', counter: 2 });
    expect(issued.user.id).toBe(user.id);
    expect(await t.sessions.get(issued.sessionId)).not.toBeNull();
    expect(t.passkeys.passkeys.get(passkey.id)).toMatchObject({ counter: 2, lastUsedAt: t.clock.now() });
    expect(t.meter.logins.at(-1)).toBe('success');
    expect(t.audit.of('auth.login.passkey.success')).toEqual([
      expect.objectContaining({
        actorId: user.id,
        ip: t.client.ip,
        details: { sessionId: issued.sessionId, passkeyId: passkey.id },
      }),
    ]);
  });

  it('refuses a challenge older than five minutes', async () => {
    const t = setup();
    const { user } = await t.userWithPasskey();
    const options = await t.beginLogin.execute({ email: user.email });
    t.clock.advance(PASSKEY_CHALLENGE_TTL_SECONDS * 1000);
    const response = { id: 'cred-1', counter: 2, challenge: options.challenge };
    await expect(t.login.execute({ challengeId: options.challengeId, response, client: t.client })).rejects.toThrow(
      InvalidCredentialsError,
    );
    expect(t.audit.of('auth.login.passkey.failure').at(-1)?.details).toEqual({
      reason: 'unknown-challenge',
      passkeyId: null,
    });
  });

  it('refuses a counter that did not move forward (a cloned authenticator)', async () => {
    const t = setup();
    const { user, passkey } = await t.userWithPasskey();
    await t.answer(user.email, { id: 'cred-1', counter: 5 });
    await expect(t.answer(user.email, { id: 'cred-1', counter: 5 })).rejects.toThrow(InvalidCredentialsError);
    expect(t.audit.of('auth.login.passkey.failure').at(-1)).toMatchObject({
      actorId: user.id,
      details: { reason: 'counter-regressed', passkeyId: passkey.id },
    });
    expect(t.meter.logins.at(-1)).toBe('failure');
  });

  it('refuses a deactivated account and a registration challenge used for a login', async () => {
    const t = setup();
    const { user } = await t.userWithPasskey();
    const registration = await t.beginRegistration.execute({ userId: user.id });
    const challengeId = [...t.challenges.challenges.values()].find((c) => c.challenge === registration.challenge)!.id;
    const response = { id: 'cred-1', counter: 2, challenge: registration.challenge };
    await expect(t.login.execute({ challengeId, response, client: t.client })).rejects.toThrow(InvalidCredentialsError);

    await t.users.update({ ...user, active: false });
    const sessionsBefore = (await t.sessions.listByUser(user.id)).length;
    await expect(t.answer(user.email, { id: 'cred-1', counter: 3 })).rejects.toThrow(InvalidCredentialsError);
    expect((await t.sessions.listByUser(user.id)).length).toBe(sessionsBefore);
    expect(t.audit.of('auth.login.passkey.failure').map((e) => e.details?.reason)).toEqual([
      'unknown-challenge',
      'inactive',
    ]);
  });

  it('gives an inactive or unknown account the same options as one without passkeys', async () => {
    const t = setup();
    const { user } = await t.userWithPasskey();
    expect((await t.beginLogin.execute({ email: user.email })).allowCredentials).toHaveLength(1);
    await t.users.update({ ...user, active: false });
    expect((await t.beginLogin.execute({ email: user.email })).allowCredentials).toEqual([]);
    expect((await t.beginLogin.execute({ email: 'nobody@example.com' })).allowCredentials).toEqual([]);
  });
});
