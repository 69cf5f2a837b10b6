import { DynamicModule, Type } from '@nestjs/common';
import { ConfigModule, DatabaseModule } from '@keyward/core';
import { AccessModule } from '@keyward/access';
import { AuditModule } from '@keyward/audit';
import { IdentityModule } from '@keyward/identity';
import { SecretsModule } from '@keyward/secrets';
import { ContextPortsModule } from './context-ports.module';
import { persistence } from './persistence';
import { ServiceConfig } from './service-config';

/**
 * Configuration, storage and the bounded contexts with the ports that join them: what the API and the CLI both run
 * on. Each context imports the platform modules it uses (clock, session store, failure limiter).
 */
export function serviceModules(config: ServiceConfig): (Type | DynamicModule)[] {
  return [
    ConfigModule.forRoot(config),
    DatabaseModule.forRoot(persistence),
    ContextPortsModule,
    IdentityModule,
    AccessModule,
    AuditModule,
    SecretsModule,
  ];
}
