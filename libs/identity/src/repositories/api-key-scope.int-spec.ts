import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ScopeApiKeys1763700016000 } from '../../../../migrations/1763700016000-scope-api-keys';
import { storeUser } from '../../../../test/support/stored-users';
import { createMigratedDataSource, usesPostgres } from '../../../../test/support/test-database';
import { TypeormApiKeyRepository } from './typeorm-api-key.repository';

describe('API key scopes on the real database (migration 1763700016000)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let keys: TypeormApiKeyRepository;
  const migration = new ScopeApiKeys1763700016000();
  const at = new Date('2026-11-21T10:11:12.345Z');

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
    keys = new TypeormApiKeyRepository(dataSource);
  });
  afterAll(() => close());

  const newUserId = () => storeUser(dataSource, at, ['user']);

  const key = (userId: string, permissions: string[] | null) => ({
    id: randomUUID(),
    userId,
    name: 'ci',
    prefix: 'kw_abcdefgh',
    keyHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    active: true,
    emailVerified: false,
    createdAt: at,
    lastUsedAt: null,
    expiresAt: null,
    permissions,
  });

  it('adds a nullable column; keys made before it read as unscoped (all of the owner’s permissions)', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      const column = (await runner.getTable('api_keys'))!.findColumnByName('permissions');
      expect(column?.isNullable).toBe(true);
      await migration.down(runner);
      expect((await runner.getTable('api_keys'))!.findColumnByName('permissions')).toBeUndefined();
      const userId = await newUserId();
      const old = key(userId, null);
      const p = (n: number) => (usesPostgres ? `$${n}` : '?');
      await runner.query(
        `INSERT INTO api_keys (id, user_id, name, prefix, key_hash, active, created_at) ` +
          `VALUES (${[1, 2, 3, 4, 5].map(p).join(', ')}, TRUE, ${p(6)})`,
        // TypeORM keeps SQLite datetimes as UTC text.
        [old.id, userId, old.name, old.prefix, old.keyHash, usesPostgres ? at : '2026-11-21 10:11:12.345'],
      );
      await migration.up(runner);
      expect((await keys.findForUser(userId, old.id))?.permissions).toBeNull();
    } finally {
      await runner.release();
    }
  });

  it('stores and loads a scope, an empty scope and no scope', async () => {
    const userId = await newUserId();
    for (const permissions of [['audit:read', 'signing:sign'], [], null]) {
      const stored = key(userId, permissions);
      await keys.create(stored);
      expect((await keys.findForUser(userId, stored.id))?.permissions).toEqual(permissions);
      expect((await keys.findUsableByHash(stored.keyHash))?.permissions).toEqual(permissions);
    }
  });
});
