import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import { AuditVia, Principal } from '@keyward/kernel';

/** What is known about the request being served, wherever the code runs that serves it. */
export interface RequestContext {
  requestId: string | null;
  ip: string | null;
  via: AuditVia;
  /**
   * The request's principal once authentication has set it (`request.principal`), read when asked: permission
   * checks deep in interactors narrow a scoped API key's caller by it (see caller-scope.ts). Absent in the CLI.
   */
  principal?: () => Principal | undefined;
  /**
   * The access version authentication read for this request (see AccessCache): cached access views loaded under
   * it may serve the request. Undefined: load fresh.
   */
  accessVersion?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The request context of the code running now, or undefined outside any request. Audit events take their ip and
 * request id from it, so interactors need not pass them through every command (see TypeormAuditLog).
 */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` in a context of its own: the CLI marks its events `via: 'cli'` this way. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/**
 * Opens a context per request in its first hook; everything Fastify and Nest then run for the request (body
 * parsing, guards, the handler, the interactors it calls) runs inside it.
 */
export function registerRequestContext(fastify: FastifyInstance, rootPath: string): void {
  const adminPrefix = `${rootPath.replace(/\/$/, '')}/admin`;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const path = request.url.split('?')[0];
    const via: AuditVia = path === adminPrefix || path.startsWith(`${adminPrefix}/`) ? 'admin' : 'api';
    const principal = () => (request as { principal?: Principal }).principal;
    storage.run({ requestId: request.id, ip: request.ip ?? null, via, principal }, done);
  });
}
