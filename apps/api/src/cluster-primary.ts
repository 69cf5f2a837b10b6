import cluster, { Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** A worker that lived at least this long before dying starts the restart backoff afresh. */
const STABLE_AFTER_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** Beyond the workers' own shutdown bound, before the primary kills what is left. */
const STOP_GRACE_MS = 15_000;
/** A worker that stops on a configuration error would fail the same way again. */
const EXIT_CONFIG = 78;

/**
 * How long to wait before replacing a worker, given how many have died in a row, each within STABLE_AFTER_MS of
 * its start: a crash loop (a database that is down, a broken deployment) must not fork processes flat out.
 */
export function restartDelayMs(deathsInARow: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (Math.max(1, deathsInARow) - 1));
}

export interface PrimaryOptions {
  workers: number;
  shutdownTimeoutMs: number;
}

/**
 * The cluster primary: forks `workers` API processes that share the listening port (Node's round-robin), forks a
 * replacement for one that dies unexpectedly (after a delay that doubles while replacements keep dying young),
 * and on SIGTERM or SIGINT asks every worker to stop gracefully, waits for them and exits 0.
 */
export function runPrimary(options: PrimaryOptions, logger: Logger): void {
  let stopping = false;
  let failures = 0;
  const started = new Map<number, number>();

  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
    worker.once('listening', () => logger.info({ worker: worker.id, workerPid: worker.process.pid }, 'worker ready'));
  };

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const lived = Date.now() - (started.get(worker.id) ?? Date.now());
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('every worker stopped');
        process.exit(0);
      }
      return;
    }
    if (code === EXIT_CONFIG) {
      logger.fatal({ worker: worker.id }, 'a worker stopped on a configuration error; stopping');
      stop('SIGTERM');
      return;
    }
    failures = lived >= STABLE_AFTER_MS ? 1 : failures + 1;
    const delayMs = restartDelayMs(failures);
    logger.warn(
      { worker: worker.id, workerPid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delayMs },
      'worker died; forking a replacement',
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delayMs);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    logger.info({ signal, workers: workers.length }, 'stopping the workers');
    if (workers.length === 0) process.exit(0);
    // A terminal's Ctrl-C reaches every process of the group; a SIGTERM from a supervisor reaches only this one.
    for (const worker of workers) worker.process.kill('SIGTERM');
    const kill = setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, options.shutdownTimeoutMs + STOP_GRACE_MS);
    kill.unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  logger.info({ workers: options.workers }, 'forking the API workers');
  for (let i = 0; i < options.workers; i += 1) fork();
}
