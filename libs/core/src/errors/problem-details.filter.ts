import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OutageLog } from './outage-log';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/** The one place where errors become HTTP responses (RFC 9457). Unexpected errors are logged with the request id. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

const outages = new OutageLog();

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
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
  if (reply.sent) return;
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
