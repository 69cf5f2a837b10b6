import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@keyward/core';
import { createApp } from './create-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.log.level);
  const app = await createApp(config, logger);
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { url: `${config.tls ? 'https' : 'http'}://${config.host}:${config.port}${config.rootPath}` },
    'keyward listening',
  );
}

main().catch((error: unknown) => {
  console.error('keyward failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
