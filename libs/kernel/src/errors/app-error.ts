/** How an error is meant to be understood; the HTTP layer turns the kind into a status code. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'upstream';

export interface FieldError {
  field: string;
  message: string;
}

/** Base of every expected error: a stable UPPER_SNAKE code and a message safe to show to the client. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    /** Extra members of the problem details body (e.g. attemptsLeft), and per-field errors. */
    readonly extensions: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends AppError {
  constructor(message: string, errors: FieldError[] = []) {
    super('VALIDATION_FAILED', message, 'invalid', errors.length ? { errors } : {});
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super('NOT_FOUND', `${what} not found`, 'not_found');
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication is required') {
    super('UNAUTHENTICATED', message, 'unauthenticated');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message, 'forbidden');
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; try again later', 'rate_limited');
  }
}

/**
 * A dependency the request needs (database, session store) is unreachable or did not answer in time. The
 * client may retry after `retryAfterSeconds`; the driver's error stays in `cause` for the log, never the body.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    readonly dependency: string,
    readonly retryAfterSeconds = 5,
    cause?: unknown,
  ) {
    super(
      'SERVICE_UNAVAILABLE',
      `A dependency (${dependency}) is unavailable or did not answer in time; try again later`,
      'unavailable',
    );
    if (cause !== undefined) this.cause = cause;
  }
}
