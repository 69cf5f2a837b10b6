import { DataSource } from 'typeorm';
import { storeUser } from '../../../../test/support/stored-users';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { TotpFactor } from '../domain/mfa';
import { TypeormMfaChallengeRepository } from './typeorm-mfa-challenge.repository';
import { TypeormMfaRepository } from './typeorm-mfa.repository';

describe('MFA repositories on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let mfa: TypeormMfaRepository;
  let challenges: TypeormMfaChallengeRepository;

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    mfa = new TypeormMfaRepository(dataSource);
    challenges = new TypeormMfaChallengeRepository(dataSource);
  });
  afterAll(() => close());

  const at = new Date('2026-11-21T10:11:12.345Z');
  const newUserId = () => storeUser(dataSource, at, ['user']);
  const pending = (userId: string, encryptedSecret = 'v1.a.b'): TotpFactor => ({
    userId,
    encryptedSecret,
    enabledAt: null,
    lastUsedStep: null,
    createdAt: at,
  });

  it('replaces a pending enrolment but never an enabled factor', async () => {
    const userId = await newUserId();
    expect(await mfa.savePendingTotp(pending(userId, 'v1.first.x'))).toBe(true);
    expect(await mfa.savePendingTotp(pending(userId, 'v1.second.x'))).toBe(true);
    expect(await mfa.findTotp(userId)).toEqual(pending(userId, 'v1.second.x'));
    expect(await mfa.enableTotp(userId, at)).toBe(true);
    expect(await mfa.enableTotp(userId, at)).toBe(false);
    expect(await mfa.savePendingTotp(pending(userId, 'v1.third.x'))).toBe(false);
    expect(await mfa.findTotp(userId)).toMatchObject({ encryptedSecret: 'v1.second.x', enabledAt: at });
  });

  it('lets one of many concurrent uses of a time step through, and no earlier step after it', async () => {
    const userId = await newUserId();
    await mfa.savePendingTotp(pending(userId));
    const step = 59_000_000;
    const results = await Promise.all(Array.from({ length: 8 }, () => mfa.useStep(userId, step)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await mfa.useStep(userId, step - 1)).toBe(false);
    expect(await mfa.useStep(userId, step + 1)).toBe(true);
    expect((await mfa.findTotp(userId))?.lastUsedStep).toBe(step + 1);
  });

  it('uses each recovery code once, replaces them all, and drops them with the factor', async () => {
    const userId = await newUserId();
    await mfa.savePendingTotp(pending(userId));
    await mfa.replaceRecoveryCodes(userId, ['a'.repeat(64), 'b'.repeat(64)]);
    const uses = await Promise.all([
      mfa.useRecoveryCode(userId, 'a'.repeat(64)),
      mfa.useRecoveryCode(userId, 'a'.repeat(64)),
    ]);
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(await mfa.countRecoveryCodes(userId)).toBe(1);
    await mfa.replaceRecoveryCodes(userId, ['c'.repeat(64)]);
    expect(await mfa.useRecoveryCode(userId, 'b'.repeat(64))).toBe(false);
    await mfa.deleteTotp(userId);
    expect(await mfa.findTotp(userId)).toBeNull();
    expect(await mfa.countRecoveryCodes(userId)).toBe(0);
  });

  it('finds live challenges only and consumes each once', async () => {
    const userId = await newUserId();
    const expiresAt = new Date(at.getTime() + 300_000);
    await challenges.create({ tokenHash: 'd'.repeat(64), userId, expiresAt });
    expect(await challenges.find('d'.repeat(64), at)).toEqual({ tokenHash: 'd'.repeat(64), userId, expiresAt });
    expect(await challenges.find('d'.repeat(64), expiresAt)).toBeNull();
    const consumed = await Promise.all([challenges.consume('d'.repeat(64)), challenges.consume('d'.repeat(64))]);
    expect(consumed.filter(Boolean)).toHaveLength(1);
    await challenges.create({ tokenHash: 'e'.repeat(64), userId, expiresAt });
    expect(await challenges.purgeExpired(expiresAt)).toBeGreaterThanOrEqual(1);
    expect(await challenges.find('e'.repeat(64), at)).toBeNull();
  });
});
