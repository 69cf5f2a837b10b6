import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorReporter } from '../monitoring/error-reporter';
import { OutageLog } from './outage-log';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/**
 * The one place where errors become HTTP responses (RFC 9457). Unexpected errors are logged with the request id
 * and reported (Sentry, when configured); client errors (4xx) and known dependency failures are not.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly reporter: ErrorReporter) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { unexpected } = sendProblem(error, request, http.getResponse<FastifyReply>());
    if (unexpected) {
      const route = request.routeOptions.url ?? 'unmatched';
      this.reporter.report(error, { requestId: String(request.id), method: request.method, route });
    }
  }
}

const outages = new OutageLog();

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): { unexpected: boolean } {
  const { problem, headers, unexpected, outage } = toProblem(error, String(request.id));
  // request.log binds the request id (`requestId`) to every line already.
  if (unexpected) request.log.error({ err: error }, 'unhandled error');
  if (outage) {
    const logged = outages.record(outage.dependency);
    // The driver's message names the failure; a stack per request would only repeat it.
    if (logged) {
      const reason = outage.cause instanceof Error ? outage.cause.message : undefined;
      const line = { dependency: outage.dependency, reason, ...logged };
      request.log.warn(line, 'dependency unavailable');
    }
  }
  if (!reply.sent) void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
  return { unexpected };
}
