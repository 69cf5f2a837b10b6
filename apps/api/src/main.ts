import 'reflect-metadata';
import { ConfigError, createLogger } from '@keyward/core';
import { createApp } from './create-app';
import { loadServiceConfig } from './service-config';

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
  const logger = createLogger(config.log.level);
  const app = await createApp(config, logger);
  const { host, port, rootPath, tls } = config.http;
  await app.listen({ port, host });
  logger.info({ url: `${tls ? 'https' : 'http'}://${host}:${port}${rootPath}` }, 'keyward listening');
}

main().catch((error: unknown) => {
  console.error('keyward failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
