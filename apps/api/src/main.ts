import 'reflect-metadata';
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { ConfigError, createLogger, serveClusterMetrics, sizeThreadPool, wantsPrettyLogs } from '@keyward/core';
import { runPrimary } from './cluster-primary';
import { createApp } from './create-app';
import { stopOnSignals } from './graceful-shutdown';
import { loadServiceConfig, ServiceConfig } from './service-config';
import { startMessage, whereToFind } from './start-line';
import { runStartupWork, workerConfig } from './startup-work';

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
  // Before anything touches libuv's thread pool (nothing has yet: loading the configuration reads files synchronously).
  sizeThreadPool(config.argon2);
  const clustered = config.process.workers > 1;
  const pretty = wantsPrettyLogs(config.log, config.runtime.env, process.stdout.isTTY);
  const base = createLogger(config.log.level, undefined, { pretty });
  // With several processes each line names its process, so that an operator can tell the workers apart.
  const logger = clustered ? base.child({ pid: process.pid }) : base;
  if (!clustered) return serve(config, logger);
  if (cluster.isWorker) return serve(workerConfig(config), logger);
  // Loading the configuration above already generated any development keys into DATA_DIR, once, here.
  await runStartupWork(config, logger);
  if (!config.redis.url) {
    logger.warn(
      { workers: config.process.workers },
      'without REDIS_URL each worker keeps its own rate-limit counters: limits apply per worker',
    );
  }
  // A scrape reaches one worker, which asks the primary for every worker's metrics, added up.
  serveClusterMetrics();
  runPrimary(config.process, logger);
}

async function serve(config: ServiceConfig, logger: Logger): Promise<void> {
  const app = await createApp(config, logger);
  stopOnSignals(app, logger, config.process.shutdownTimeoutMs);
  const { host, port } = config.http;
  await app.listen({ port, host });
  const where = whereToFind(config.http);
  logger.info(where, startMessage(where));
}

main().catch((error: unknown) => {
  console.error('keyward failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
