import { DynamicModule, Type } from '@nestjs/common';
import {
  AppConfig,
  ClockModule,
  ConfigModule,
  DatabaseModule,
  FailureLimiterModule,
  RedisModule,
  SessionStoreModule,
} from '@keyward/core';
import { AuditModule } from '@keyward/audit';
import { AccessModule } from '@keyward/access';
import { IdentityModule } from '@keyward/identity';
import { SecretsModule } from '@keyward/secrets';
import { persistence } from './persistence';

/** Configuration, storage and the bounded contexts: what the API and the CLI both run on. */
export function serviceModules(config: AppConfig): (Type | DynamicModule)[] {
  return [
    ConfigModule.forRoot(config),
    ClockModule,
    DatabaseModule.forRoot(persistence),
    RedisModule,
    SessionStoreModule,
    FailureLimiterModule,
    AuditModule,
    IdentityModule,
    AccessModule,
    SecretsModule,
  ];
}
