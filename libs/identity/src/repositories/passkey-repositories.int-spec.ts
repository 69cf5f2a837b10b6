import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { storeUser } from '../../../../test/support/stored-users';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { Passkey, PasskeyChallenge } from '../domain/passkey';
import { TypeormPasskeyChallengeRepository } from './typeorm-passkey-challenge.repository';
import { TypeormPasskeyRepository } from './typeorm-passkey.repository';

describe('passkey repositories on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let passkeys: TypeormPasskeyRepository;
  let challenges: TypeormPasskeyChallengeRepository;

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    passkeys = new TypeormPasskeyRepository(dataSource);
    challenges = new TypeormPasskeyChallengeRepository(dataSource);
  });
  afterAll(() => close());

  const at = new Date('2026-11-21T10:11:12.345Z');
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

  const newUserId = () => storeUser(dataSource, at, []);
  const newPasskey = (userId: string, overrides: Partial<Passkey> = {}): Passkey => ({
    id: randomUUID(),
    userId,
    name: 'laptop',
    credentialId: randomUUID().replace(/-/g, ''),
    publicKey: 'pQECAyYgASFYIA',
    counter: 0,
    transports: ['internal', 'hybrid'],
    deviceType: 'multiDevice',
    backedUp: true,
    createdAt: at,
    lastUsedAt: null,
    ...overrides,
  });
  const newChallenge = (overrides: Partial<PasskeyChallenge> = {}): PasskeyChallenge => ({
    id: randomUUID(),
    purpose: 'authentication',
    challenge: randomUUID(),
    userId: null,
    forAccount: false,
    expiresAt: later(300),
    ...overrides,
  });

  it('stores passkeys with every field, scoped by owner, and refuses a credential id registered twice', async () => {
    const [owner, other] = [await newUserId(), await newUserId()];
    const passkey = newPasskey(owner, { counter: 4_000_000_000 });
    expect(await passkeys.create(passkey)).toBe(true);
    expect(await passkeys.findByCredentialId(passkey.credentialId)).toEqual(passkey);
    expect(await passkeys.create(newPasskey(other, { credentialId: passkey.credentialId }))).toBe(false);
    expect(await passkeys.countByUser(owner)).toBe(1);
    expect(await passkeys.countByUser(other)).toBe(0);
    expect(await passkeys.deleteForUser(other, passkey.id)).toBe(false);
    expect((await passkeys.listForUser(owner, { limit: 10, offset: 0 })).items).toEqual([passkey]);
    expect(await passkeys.deleteForUser(owner, passkey.id)).toBe(true);
    expect(await passkeys.findByCredentialId(passkey.credentialId)).toBeNull();
  });

  it('records a use only while the counter moves forward (or stays 0 for authenticators without one)', async () => {
    const counted = newPasskey(await newUserId(), { counter: 5 });
    const uncounted = newPasskey(counted.userId);
    await passkeys.create(counted);
    await passkeys.create(uncounted);
    expect(await passkeys.recordUse(counted.id, 5, true, later(1))).toBe(false);
    expect(await passkeys.recordUse(counted.id, 6, false, later(2))).toBe(true);
    expect(await passkeys.recordUse(counted.id, 3, false, later(3))).toBe(false);
    expect(await passkeys.findByCredentialId(counted.credentialId)).toMatchObject({
      counter: 6,
      backedUp: false,
      lastUsedAt: later(2),
    });
    expect(await passkeys.recordUse(uncounted.id, 0, true, later(4))).toBe(true);
    expect(await passkeys.recordUse(uncounted.id, 0, true, later(5))).toBe(true);
  });

  it('hands a challenge out once, even to concurrent consumers, and never after it expired', async () => {
    const challenge = newChallenge();
    await challenges.create(challenge, at);
    const taken = await Promise.all(Array.from({ length: 8 }, () => challenges.consumeById(challenge.id, later(1))));
    expect(taken.filter((c) => c !== null)).toEqual([challenge]);

    const expiring = newChallenge();
    await challenges.create(expiring, at);
    expect(await challenges.consumeById(expiring.id, later(300))).toBeNull();
  });

  it('finds a registration challenge by its value for its own user only, and drops expired ones on create', async () => {
    const [owner, other] = [await newUserId(), await newUserId()];
    const registration = newChallenge({ purpose: 'registration', userId: owner, forAccount: true });
    await challenges.create(registration, at);
    expect(await challenges.consumeRegistration(other, registration.challenge, at)).toBeNull();
    expect(await challenges.consumeRegistration(owner, registration.challenge, at)).toEqual(registration);

    const stale = newChallenge({ expiresAt: later(10) });
    await challenges.create(stale, at);
    await challenges.create(newChallenge(), later(11));
    expect(await dataSource.getRepository('PasskeyChallengeEntity').countBy({ id: stale.id })).toBe(0);
  });
});
