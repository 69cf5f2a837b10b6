import { AppError, ErrorKind, RateLimitedError, ServiceUnavailableError } from '@keyward/kernel';
import { asServiceUnavailable } from './dependency-failure';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  [extension: string]: unknown;
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  upstream: 502,
};

const DEFAULT_CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

// Fastify reports body problems with codes of its own; clients get a sentence, not a framework code.
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty but Content-Type is application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_BAD_URL: 'The URL is not valid (bad percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemType(code: string): string {
  return `urn:keyward:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export interface ProblemResult {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** True for errors the client could not have caused: these are logged with their stack. */
  unexpected: boolean;
  /** Set when a dependency was unreachable or too slow (503): logged once per burst, without a stack. */
  outage?: ServiceUnavailableError;
}

/** Maps anything thrown to an RFC 9457 body. Only AppError messages and known client errors reach the client. */
export function toProblem(thrown: unknown, requestId: string): ProblemResult {
  const headers: Record<string, string> = {};
  // Safety net: a driver error that means "dependency away" is a 503 wherever it was thrown from.
  const error = thrown instanceof AppError ? thrown : (asServiceUnavailable(thrown) ?? thrown);
  if (error instanceof AppError) {
    const status = STATUS_BY_KIND[error.kind];
    if (error instanceof RateLimitedError || error instanceof ServiceUnavailableError) {
      headers['retry-after'] = String(error.retryAfterSeconds);
    }
    return {
      problem: build(status, error.code, error.message, requestId, error.extensions),
      headers,
      unexpected: false,
      ...(error instanceof ServiceUnavailableError ? { outage: error } : {}),
    };
  }
  const status = clientStatusOf(error);
  if (status !== null) {
    const code = DEFAULT_CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    return { problem: build(status, code, clientDetailOf(error, status), requestId), headers, unexpected: false };
  }
  const detail = 'An unexpected error occurred; quote the requestId when reporting it';
  return { problem: build(500, 'INTERNAL_ERROR', detail, requestId), headers, unexpected: true };
}

/** Problem details for an answer given outside the error filter (Node's HTTP parser errors), by status. */
export function statusProblem(status: number, code: string, detail: string, requestId: string): ProblemDetails {
  return build(status, code, detail, requestId);
}

function build(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extensions: object = {},
): ProblemDetails {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    requestId,
    ...extensions,
  };
}

/** A 4xx status carried by a framework error (Nest HttpException or Fastify error), or null. */
function clientStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { getStatus?: () => number; statusCode?: unknown };
  const status = typeof candidate.getStatus === 'function' ? candidate.getStatus() : candidate.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

function clientDetailOf(error: unknown, status: number): string {
  // Nest wraps Fastify's parsing errors in an HttpException whose cause carries Fastify's code.
  for (const candidate of [error, (error as { cause?: unknown }).cause]) {
    const fastifyCode = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof fastifyCode === 'string' && FASTIFY_DETAILS[fastifyCode]) return FASTIFY_DETAILS[fastifyCode];
  }
  if (error instanceof SyntaxError) return 'Request body is not valid JSON';
  if (status === 404) return 'No such route';
  if (status === 405) return 'Method not allowed on this route';
  return TITLES[status] ?? 'The request could not be processed';
}
