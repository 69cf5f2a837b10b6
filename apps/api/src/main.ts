import 'reflect-metadata';
import { ConfigError, createLogger, wantsPrettyLogs } from '@keyward/core';
import { createApp } from './create-app';
import { loadServiceConfig } from './service-config';
import { startMessage, whereToFind } from './start-line';

async function main(): Promise<void> {
  let config;
  try {
    config = loadServiceConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const pretty = wantsPrettyLogs(config.log, config.runtime.env, process.stdout.isTTY);
  const logger = createLogger(config.log.level, undefined, { pretty });
  const app = await createApp(config, logger);
  const { host, port } = config.http;
  await app.listen({ port, host });
  const where = whereToFind(config.http);
  logger.info(where, startMessage(where));
}

main().catch((error: unknown) => {
  console.error('keyward failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
