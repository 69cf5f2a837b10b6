/** Where one unexpected error happened, as far as it may be told: never headers, bodies or the raw path. */
export interface ErrorContext {
  requestId: string;
  method: string;
  /** The route template, or "unmatched". */
  route: string;
}

/**
 * Reports unexpected errors (those answered with a generic 500) to an error tracker. The class is the DI token;
 * without SENTRY_DSN it is the silent NoErrorReporter.
 */
export abstract class ErrorReporter {
  abstract report(error: unknown, context: ErrorContext): void;
  /** Sends what is queued, waiting at most `timeoutMs`. */
  abstract flush(timeoutMs?: number): Promise<void>;
}

export class NoErrorReporter extends ErrorReporter {
  report(): void {}
  async flush(): Promise<void> {}
}
