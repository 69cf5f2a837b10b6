import { AppError } from '@keyward/kernel';

/** An expected failure of a command (bad input, nothing to do where something is required); printed as is. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Commander's own errors (unknown command, missing argument, --help) carry the exit code to use. */
export interface CommanderFailure {
  code: string;
  exitCode: number;
}

export function isCommanderFailure(error: unknown): error is CommanderFailure {
  if (!(error instanceof Error)) return false;
  const { code, exitCode } = error as unknown as Partial<CommanderFailure>;
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number';
}

/**
 * The line printed on stderr for a failure: `error: <CODE>: <message>` for domain errors, `error: <message>`
 * otherwise; with the stack (and causes) appended when `detailed` (LOG_LEVEL=debug or trace).
 */
export function describeFailure(error: unknown, detailed = false): string {
  const line = `error: ${failureText(error)}`;
  if (!detailed || !(error instanceof Error)) return line;
  let details = error.stack ? `\n${error.stack}` : '';
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    details += `\ncaused by: ${cause.stack ?? cause.message}`;
  }
  return `${line}${details}`;
}

/** `<CODE>: <message>` for domain errors, the message otherwise; on one line. */
export function failureText(error: unknown): string {
  return `${error instanceof AppError ? `${error.code}: ` : ''}${oneLine(messageOf(error))}`;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  // Node's connection errors (e.g. localhost resolving to ::1 and 127.0.0.1) come as an AggregateError
  // with an empty message.
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
