import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem, toProblem } from '@keyward/core';
import { AdminSignInRequired } from './admin-guard';
import { AdminPages } from './admin-pages';

/**
 * Errors on panel pages become pages: signed out goes to the sign-in form; anything else is the problem's title
 * and detail (the same text the API would send, escaped by the template) with its status. Unexpected errors
 * show only the request id, and are logged with it, as the API's filter does.
 */
@Injectable()
@Catch()
export class AdminPageFilter implements ExceptionFilter {
  constructor(private readonly pages: AdminPages) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (error instanceof AdminSignInRequired) {
      this.pages.redirect(reply, '/login');
      return;
    }
    const { problem, headers, unexpected } = toProblem(error, String(request.id));
    if (unexpected) request.log.error({ err: error, requestId: request.id }, 'unhandled error');
    try {
      void reply.headers(headers);
      await this.pages.render(request, reply, 'error', { problem }, problem.status);
    } catch (renderError) {
      request.log.error({ err: renderError, requestId: request.id }, 'admin error page failed');
      sendProblem(error, request, reply);
    }
  }
}
