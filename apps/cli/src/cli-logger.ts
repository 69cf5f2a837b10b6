import { LoggerService } from '@nestjs/common';

/**
 * Nest's own log lines during a command-line run. Nothing goes to stdout (that is the command's output):
 * warnings go to stderr, and start-up chatter and error details (with stacks) only when LOG_LEVEL is debug or
 * trace. An error that ends the run is printed once, as one line, by main.ts.
 */
export class CliLogger implements LoggerService {
  private readonly detailed: boolean;
  private readonly warnings: boolean;

  constructor(level: string) {
    this.detailed = isDetailed(level);
    this.warnings = this.detailed || level === 'info' || level === 'warn';
  }

  log(message: unknown, ...rest: unknown[]): void {
    if (this.detailed) this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    if (this.detailed) this.write('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    if (this.detailed) this.write('fatal', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    if (this.warnings) this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    if (this.detailed) this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    if (this.detailed) this.write('verbose', message, rest);
  }

  private write(level: string, message: unknown, rest: unknown[]): void {
    const last = rest.at(-1);
    const context = typeof last === 'string' && rest.length > 0 ? `[${last}] ` : '';
    let text: string;
    if (message instanceof Error) text = this.detailed ? (message.stack ?? message.message) : message.message;
    else text = typeof message === 'string' ? message : JSON.stringify(message);
    // Nest passes error(message, stack, context).
    const stack = this.detailed && rest.length > 1 && typeof rest[0] === 'string' ? `\n${rest[0]}` : '';
    process.stderr.write(`${level}: ${context}${text}${stack}\n`);
  }
}

/** True for the log levels at which the CLI shows stacks and Nest's start-up lines. */
export function isDetailed(level: string): boolean {
  return level === 'debug' || level === 'trace';
}
