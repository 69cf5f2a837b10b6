import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { Environment, LogConfig } from '../config/platform-config';

/** Human-readable lines for a person at a terminal in development (LOG_FORMAT=auto); JSON for machines otherwise. */
export function wantsPrettyLogs(log: LogConfig, env: Environment, isTTY: boolean | undefined): boolean {
  if (log.format !== 'auto') return log.format === 'pretty';
  return env !== 'production' && isTTY === true;
}

/**
 * Structured JSON logs, or the same records pretty-printed (`pretty`: one line each, local time, colours on a
 * terminal). Request bodies are never logged; credentials that could appear in headers or in objects handed to
 * the logger are censored by key name, before either format sees them.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  format: { pretty: boolean } = { pretty: false },
): Logger {
  const options: pino.LoggerOptions = {
    level,
    serializers: { err: serializeError },
    base: { service: 'keyward' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.passphrase',
        '*.secret',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.key',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  };
  if (format.pretty) return pino(options, prettyStream(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}

// pino-pretty formats in this thread (no transport worker), so a crash loses no line and tests can capture it.
function prettyStream(target: DestinationStream): DestinationStream {
  const prettify = prettyFactory({
    colorize: target === process.stdout && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
  return { write: (line: string) => target.write(prettify(line)) };
}

/**
 * Errors are logged by an allowlist of fields. pino's default copies every enumerable property, and a
 * TypeORM QueryFailedError carries the query parameters (password hashes, sealed secrets) while
 * PostgreSQL's `detail` can quote the whole failing row.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, query } = error as Error & { code?: unknown; query?: unknown };
  return {
    type: error.constructor.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof query === 'string' ? { query } : {}),
    stack: error.stack,
  };
}

/** Nest's start-up chatter (a line per module and per route); kept at debug so info logs stay readable. */
const BOOTSTRAP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Routes Nest's own log lines into the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    if (context && BOOTSTRAP_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
