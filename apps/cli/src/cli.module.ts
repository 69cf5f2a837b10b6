import { DynamicModule, Module } from '@nestjs/common';
import { ClockModule, DatabaseConfig, provideConfigSlice, RedisConfig, RuntimeConfig } from '@keyward/core';
import { IdentityConfig } from '@keyward/identity';
import { ServiceConfig } from '../../api/src/service-config';
import { serviceModules } from '../../api/src/service-modules';
import { AuditVerifyCommand } from './commands/audit-verify.command';
import { DbBackupCommand } from './commands/db-backup.command';
import { DbRestoreCommand } from './commands/db-restore.command';
import { DbStatsCommand } from './commands/db-stats.command';
import { KeysRotateCommand } from './commands/keys-rotate.command';
import { MigrateGenerateCommand } from './commands/migrate-generate.command';
import { MigrateRevertCommand } from './commands/migrate-revert.command';
import { MigrateStatusCommand } from './commands/migrate-status.command';
import { MigrateCommand } from './commands/migrate.command';
import { SecretsPurgeCommand } from './commands/secrets-purge.command';
import { SeedCommand } from './commands/seed.command';
import { UserAddCommand } from './commands/user-add.command';
import { ProgramSetup } from './program-setup';
import { Terminal } from './terminal';

export const commands = [
  MigrateCommand,
  MigrateRevertCommand,
  MigrateStatusCommand,
  MigrateGenerateCommand,
  SeedCommand,
  UserAddCommand,
  DbStatsCommand,
  DbBackupCommand,
  DbRestoreCommand,
  SecretsPurgeCommand,
  AuditVerifyCommand,
  KeysRotateCommand,
];

/** The commands that need the schema and the start-up work of the API (pending migrations, bootstrap admin). */
export const COMMANDS_WITH_STARTUP_WORK = new Set(['seed', 'user:add']);

/** The API's infrastructure and identity context, without HTTP, plus the commands. */
@Module({})
export class CliModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [...serviceModules(config), ClockModule],
      providers: [
        provideConfigSlice(RuntimeConfig),
        provideConfigSlice(DatabaseConfig),
        provideConfigSlice(RedisConfig),
        provideConfigSlice(IdentityConfig),
        Terminal,
        ProgramSetup,
        ...commands,
      ],
    };
  }
}

/**
 * The configuration for one run. Only seed and user:add (and not their --help) do what the API does at start:
 * apply pending migrations (unless DB_MIGRATE_ON_START=false) and create the BOOTSTRAP_ADMIN_* account. The
 * others run without either: the migrate commands must see the schema as it is, and nothing else should change
 * it as a side effect (creating the bootstrap admin would fail on a database without tables).
 */
export function configForCommand(config: ServiceConfig, argv: readonly string[]): ServiceConfig {
  const args = argv.slice(2);
  const command = args.find((arg) => !arg.startsWith('-'));
  const wantsHelp = args.includes('--help') || args.includes('-h');
  if (command !== undefined && COMMANDS_WITH_STARTUP_WORK.has(command) && !wantsHelp) return config;
  return {
    ...config,
    database: new DatabaseConfig({ ...config.database, migrateOnStart: false }),
    identity: new IdentityConfig({
      ...config.identity,
      bootstrapAdmin: null,
      tokenKeys: { ...config.identity.tokenKeys, loadOnStart: false },
    }),
  };
}
