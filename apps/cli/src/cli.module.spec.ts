import { DatabaseConfig } from '@keyward/core';
import { IdentityConfig } from '@keyward/identity';
import { loadServiceConfig } from '../../api/src/service-config';
import { configForCommand } from './cli.module';

describe('configForCommand', () => {
  const config = loadServiceConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    JWT_SECRET: 'k'.repeat(8) + 'q'.repeat(32),
    BOOTSTRAP_ADMIN_EMAIL: 'root@example.com',
    BOOTSTRAP_ADMIN_PASSWORD: 'a long enough password',
  });
  const argv = (...args: string[]) => ['node', 'main.js', ...args];

  it('keeps the start-up work (migrations, bootstrap admin) for seed and user:add', () => {
    expect(configForCommand(config, argv('seed'))).toBe(config);
    expect(configForCommand(config, argv('user:add', '--email', 'a@b.c'))).toBe(config);
  });

  it('turns it off for every other command and for --help, without touching the original', () => {
    for (const args of [['migrate'], ['migrate:status'], ['db:stats'], ['secrets:purge'], ['seed', '--help'], []]) {
      const copy = configForCommand(config, argv(...args));
      expect(copy.database.migrateOnStart).toBe(false);
      expect(copy.identity.bootstrapAdmin).toBeNull();
      expect(copy.database.url).toBe(config.database.url);
      expect(copy.identity.jwt).toBe(config.identity.jwt);
      expect(copy.signing).toBe(config.signing);
      // Modules find their slices by class, so the copies must keep theirs.
      expect(copy.database).toBeInstanceOf(DatabaseConfig);
      expect(copy.identity).toBeInstanceOf(IdentityConfig);
    }
    expect(config.database.migrateOnStart).toBe(true);
    expect(config.identity.bootstrapAdmin).not.toBeNull();
  });
});
