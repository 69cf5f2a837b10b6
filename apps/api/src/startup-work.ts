import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseConfig, PinoNestLogger } from '@keyward/core';
import { IdentityConfig } from '@keyward/identity';
import type { Logger } from 'pino';
import { ServiceConfig } from './service-config';
import { serviceModules } from './service-modules';

/**
 * Runs, once, what every API process would otherwise do at its start: apply pending migrations and create the
 * BOOTSTRAP_ADMIN_* account. With WORKERS above 1 the cluster primary runs it before forking, because two
 * processes migrating one database at the same moment would both try to create the same tables, and two
 * bootstraps could both find no admin. It loads the contexts without the HTTP server, signing or rate limits.
 */
export async function runStartupWork(config: ServiceConfig, logger: Logger): Promise<void> {
  @Module({ imports: serviceModules(config) })
  class StartupModule {}
  const context = await NestFactory.createApplicationContext(StartupModule, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  await context.close();
}

/** The configuration of a cluster worker: the primary has done the start-up work already. */
export function workerConfig(config: ServiceConfig): ServiceConfig {
  return {
    ...config,
    database: new DatabaseConfig({ ...config.database, migrateOnStart: false }),
    identity: new IdentityConfig({ ...config.identity, bootstrapAdmin: null }),
  };
}
