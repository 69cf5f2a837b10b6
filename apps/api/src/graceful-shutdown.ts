import type { Server } from 'node:http';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';

/** Extra time, past the in-flight bound, for closing pools and agents before the process gives up and exits 1. */
const RELEASE_GRACE_MS = 10_000;

/**
 * Stops the service on SIGTERM or SIGINT and exits 0: refuse new connections, close idle keep-alive ones at once,
 * let in-flight requests finish for up to `timeoutMs` (then close their connections), and only then release the
 * database pool, Redis and the gpg-agents. Nest's own `close()` runs the module hooks before it closes the HTTP
 * server, which would pull the database from under requests still running; so the server is closed first here.
 */
export function stopOnSignals(app: NestFastifyApplication, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void shutDown(app, logger, timeoutMs, signal).then(
      () => exitAfterFlush(logger, 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exitAfterFlush(logger, 1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function shutDown(app: NestFastifyApplication, logger: Logger, timeoutMs: number, signal: string) {
  const server = app.getHttpServer() as Server;
  const fastify = app.getHttpAdapter().getInstance();
  logger.info({ signal, timeoutMs }, 'shutting down: no new connections, idle keep-alive connections closed');
  const giveUp = setTimeout(() => {
    logger.error('shutdown did not finish in time; exiting');
    process.exit(1);
  }, timeoutMs + RELEASE_GRACE_MS);
  giveUp.unref();
  const overdue = setTimeout(() => {
    logger.warn({ timeoutMs }, 'in-flight requests outlived SHUTDOWN_TIMEOUT_MS; closing their connections');
    server.closeAllConnections();
  }, timeoutMs);
  overdue.unref();
  // Stops listening, closes idle connections, answers requests arriving on busy ones with 503 and
  // `Connection: close`, and resolves once the in-flight requests are answered.
  await fastify.close();
  clearTimeout(overdue);
  logger.info('in-flight requests finished; closing the database pool, session store and gpg-agents');
  await app.close();
  logger.info('stopped');
}

/** Exits once the logger has written its last lines (a log transport may buffer them), or after a second. */
function exitAfterFlush(logger: Logger, code: number): void {
  setTimeout(() => process.exit(code), 1000);
  logger.flush(() => process.exit(code));
}
