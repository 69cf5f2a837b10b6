import { readFileSync } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyError, FastifyReply, FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { registerAdminPanel } from '@keyward/admin';
import {
  baselineSecurityHeaders,
  clientErrorHandler,
  createLogger,
  guardedJsonParser,
  keepConnectionsUsable,
  registerCors,
  parseQueryString,
  PinoNestLogger,
  registerRequestContext,
  registerSecurityHeaders,
  requestIdFor,
  sendProblem,
  ServiceMetrics,
} from '@keyward/core';
import { AppModule } from './app.module';
import { setupDocs } from './docs';
import { ServiceConfig } from './service-config';

/** Builds the whole service (used by main.ts, the end-to-end tests and the benchmarks). */
export async function createApp(
  config: ServiceConfig,
  logger: Logger = createLogger(config.log.level),
): Promise<NestFastifyApplication> {
  const tls = config.http.tls !== null;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One log line per request comes from the onResponse hook below, with the route pattern instead of the URL.
    // Every line logged for a request carries its id once, under the name the problem details use.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    // Query strings that are not UTF-8 (a lone surrogate's bytes) are refused by validation, not taken literally.
    routerOptions: { querystringParser: parseQueryString },
    genReqId: requestIdFor,
    return503OnClosing: true,
    // Errors Fastify raises before routing (bad percent-encoding, over-long path parameters) skip Nest's filter
    // and the hooks that set the headers.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('x-request-id', request.id).headers(baselineSecurityHeaders(tls));
      sendProblem(error, request, reply);
    },
    // Requests Node's HTTP parser refuses (431 oversized headers, malformed, 408) never reach Fastify.
    clientErrorHandler: clientErrorHandler(logger, tls),
    ...(config.http.tls
      ? { https: { cert: readFileSync(config.http.tls.certFile), key: readFileSync(config.http.tls.keyFile) } }
      : {}),
  });
  const fastify = adapter.getInstance();
  keepConnectionsUsable(fastify);
  // The request id, client address and origin (API or admin panel) that audit events carry.
  registerRequestContext(fastify, config.http.rootPath);
  await registerSecurityHeaders(fastify, tls);
  await registerCors(fastify, config.http.corsOrigins);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Set once the application exists; no request is served before that.
  let metrics: ServiceMetrics | null = null;
  fastify.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime);
    // The route pattern, not the raw URL: paths can carry secrets (one-time secret keys), and every distinct
    // path would be a metric series of its own.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics?.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    const line = { method: request.method, route, status: reply.statusCode, ms };
    if (ms >= config.log.slowRequestMs) request.log.warn(line, 'slow request');
    else request.log.info(line, 'request');
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // JSON in and out: no form-encoded parser (a browser posts those cross-site without asking), and the
    // JSON one is ours. Anything else, text/plain included, is 415.
    bodyParser: false,
  });
  metrics = app.get(ServiceMetrics);
  app.useBodyParser('application/json', { bodyLimit: config.http.bodyLimitBytes }, guardedJsonParser(fastify));
  fastify.removeContentTypeParser('text/plain');
  // Signing uploads: the routes stream each file part to disk and enforce their own size limits.
  await app.register(fastifyMultipart, { throwFileSizeLimit: false });
  // The admin panel's cookies, CSRF tokens, templates and HTML forms (under <root>/admin only).
  await registerAdminPanel(fastify, config.http);
  app.setGlobalPrefix(config.http.rootPath);
  // No enableShutdownHooks(): main.ts stops on signals itself (graceful-shutdown.ts), closing HTTP before the pools.
  setupDocs(app, config.http, logger);
  await app.init();
  return app;
}
