import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { storeUser } from '../../../../test/support/stored-users';
import { createMigratedDataSource } from '../../../../test/support/test-database';
import { EmailToken } from '../domain/email-token';
import { TypeormEmailTokenRepository } from './typeorm-email-token.repository';
import { TypeormUserRepository } from './typeorm-user.repository';

describe('mailed tokens on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let users: TypeormUserRepository;
  let tokens: TypeormEmailTokenRepository;

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    users = new TypeormUserRepository(dataSource);
    tokens = new TypeormEmailTokenRepository(dataSource);
  });
  afterAll(() => close());

  const at = new Date('2026-11-28T10:11:12.000Z');
  const newUser = () => storeUser(dataSource, at, []);
  const tokenOf = (userId: string, purpose: EmailToken['purpose']): EmailToken => ({
    id: randomUUID(),
    userId,
    purpose,
    tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    email: `${userId}@example.com`,
    createdAt: at,
    expiresAt: new Date(at.getTime() + 3600_000),
  });

  it('keeps only the latest token of a user and purpose, and finds it by purpose and hash', async () => {
    const userId = await newUser();
    const [older, newer, other] = [
      tokenOf(userId, 'password-reset'),
      tokenOf(userId, 'password-reset'),
      tokenOf(userId, 'email-verification'),
    ];
    await tokens.replace(older);
    await tokens.replace(other);
    await tokens.replace(newer);
    expect(await tokens.findByHash('password-reset', older.tokenHash)).toBeNull();
    expect(await tokens.findByHash('password-reset', newer.tokenHash)).toEqual(newer);
    expect(await tokens.findByHash('email-verification', other.tokenHash)).toEqual(other);
    expect(await tokens.findByHash('email-verification', newer.tokenHash)).toBeNull();
  });

  it('consumes a token once, even when two requests race', async () => {
    const token = tokenOf(await newUser(), 'password-reset');
    await tokens.replace(token);
    const outcomes = await Promise.all([tokens.consume(token.id), tokens.consume(token.id)]);
    expect(outcomes.sort()).toEqual([false, true]);
    expect(await tokens.findByHash('password-reset', token.tokenHash)).toBeNull();
  });

  it('goes with its user', async () => {
    const userId = await newUser();
    const token = tokenOf(userId, 'email-verification');
    await tokens.replace(token);
    await users.delete(userId);
    expect(await tokens.findByHash('email-verification', token.tokenHash)).toBeNull();
  });
});
