import { ServiceUnavailableError } from '@keyward/kernel';

/**
 * Recognises the errors with which the drivers say "the dependency is unreachable or too slow" (as opposed
 * to "your query or command is wrong"), so that they answer 503 instead of 500. Recognition is by name,
 * message and code rather than by class, so core needs no driver import and a second copy of a driver in
 * node_modules is still recognised.
 */

export type Dependency = 'database' | 'redis' | 'backing service';

// ioredis: a command timeout (commandTimeout), a command refused while disconnected (enableOfflineQueue:
// false), a command pending when the connection dropped or ended, a failed ready check after a reconnect.
const REDIS_MESSAGES = [
  /^Command timed out$/,
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /^Connection is closed\.$/,
  /^Command aborted due to connection close$/,
  /^Ready check failed/,
];
const REDIS_ERROR_NAMES = new Set(['MaxRetriesPerRequestError']);
// Server replies meaning "not now" (loading the dataset, a script running too long, a replica or a failover).
const REDIS_TRANSIENT_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN)\s/;

// node-postgres and pg-pool: the connection went away, or none could be had within connectionTimeoutMillis.
const POSTGRES_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Query read timeout',
]);
// SQLSTATE: class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot connect
// now), 57014 (statement timeout or cancel), 53300 (too many connections).
const POSTGRES_UNAVAILABLE_STATES = /^(08...|57P0[123]|57014|53300)$/;
// better-sqlite3: the file stayed locked beyond busy_timeout.
const SQLITE_BUSY = /^SQLITE_BUSY/;

// Socket errors of any client library; which dependency is only known from the wrapping error.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/** The dependency an error reports as unreachable or too slow, or null when it reports something else. */
export function unavailableDependencyOf(error: unknown): Dependency | null {
  let networkFailure = false;
  let fromDatabase = false;
  for (const candidate of chainOf(error)) {
    const { name, message, code } = candidate;
    if (name === 'QueryFailedError' || candidate.driverError !== undefined) fromDatabase = true;
    if (typeof name === 'string' && REDIS_ERROR_NAMES.has(name)) return 'redis';
    if (typeof message === 'string') {
      if (REDIS_MESSAGES.some((pattern) => pattern.test(message))) return 'redis';
      if (name === 'ReplyError' && REDIS_TRANSIENT_REPLIES.test(message)) return 'redis';
      if (POSTGRES_MESSAGES.has(message)) return 'database';
    }
    if (typeof code === 'string') {
      if (POSTGRES_UNAVAILABLE_STATES.test(code) || SQLITE_BUSY.test(code)) return 'database';
      if (NETWORK_CODES.has(code)) networkFailure = true;
    }
  }
  if (!networkFailure) return null;
  return fromDatabase ? 'database' : 'backing service';
}

/** The error as a ServiceUnavailableError when it reports an unreachable dependency, else null. */
export function asServiceUnavailable(error: unknown, dependency?: string): ServiceUnavailableError | null {
  if (error instanceof ServiceUnavailableError) return error;
  const recognised = unavailableDependencyOf(error);
  return recognised ? new ServiceUnavailableError(dependency ?? recognised, undefined, error) : null;
}

/** The error, its causes (TypeORM's driverError, Error.cause) and, for AggregateError, its parts; cycle-safe. */
function chainOf(error: unknown): ErrorLike[] {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  const chain: ErrorLike[] = [];
  while (pending.length > 0 && chain.length < 16) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const candidate = next as ErrorLike;
    chain.push(candidate);
    pending.push(candidate.driverError, candidate.cause);
    if (Array.isArray(candidate.errors)) pending.push(...candidate.errors);
  }
  return chain;
}
