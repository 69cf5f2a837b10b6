import type * as SentryModule from '@sentry/nestjs';
import type { Environment } from '../config/platform-config';
import { ErrorContext, ErrorReporter } from './error-reporter';

type Sentry = typeof SentryModule;
type SentryEvent = Parameters<NonNullable<SentryModule.NodeOptions['beforeSend']>>[0];

/** Request headers that carry credentials; no event leaves with them, whoever added them. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization']);

/**
 * Unexpected errors to Sentry through @sentry/nestjs, which is loaded only when SENTRY_DSN is set. No personal
 * data: data collection is off, events carry the request id, method and route template as tags (never headers,
 * bodies, query strings or the raw path), and beforeSend strips credentials, cookies and the user anyway. No
 * tracing: only errors are sent.
 */
export class SentryReporter extends ErrorReporter {
  private constructor(private readonly sentry: Sentry) {
    super();
  }

  static async start(dsn: string, env: Environment): Promise<SentryReporter> {
    const sentry: Sentry = await import('@sentry/nestjs');
    sentry.init({
      dsn,
      environment: env,
      // @sentry/nestjs 11 replaced `sendDefaultPii: false` with this: collect no personal or request data at all.
      dataCollection: {
        userInfo: false,
        cookies: false,
        httpHeaders: false,
        httpBodies: [],
        urlQueryParams: false,
        databaseQueryData: false,
        queues: false,
        stackFrameVariables: false,
      },
      // Only what error capture needs: no HTTP, database or console instrumentation. The process-wide handlers
      // for uncaught errors stay out of test runs, where many apps share one process and outlive their client.
      defaultIntegrations: [
        sentry.linkedErrorsIntegration(),
        sentry.dedupeIntegration(),
        sentry.functionToStringIntegration(),
        ...(env === 'test' ? [] : [sentry.onUncaughtExceptionIntegration(), sentry.onUnhandledRejectionIntegration()]),
      ],
      beforeSend: (event) => withoutCredentials(event),
    });
    return new SentryReporter(sentry);
  }

  report(error: unknown, context: ErrorContext): void {
    this.sentry.captureException(error, {
      tags: { requestId: context.requestId, method: context.method, route: context.route },
    });
  }

  async flush(timeoutMs = 2000): Promise<void> {
    await this.sentry.flush(timeoutMs);
  }

  async close(timeoutMs = 2000): Promise<void> {
    await this.sentry.close(timeoutMs);
  }
}

export function withoutCredentials(event: SentryEvent): SentryEvent {
  delete event.user;
  if (event.request) {
    delete event.request.cookies;
    delete event.request.data;
    delete event.request.query_string;
    const headers = event.request.headers ?? {};
    for (const name of Object.keys(headers)) if (CREDENTIAL_HEADERS.has(name.toLowerCase())) delete headers[name];
  }
  return event;
}
