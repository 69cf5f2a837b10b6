import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface UnreadBodyLimits {
  /** A refused body is read to its end (and dropped) on a kept-alive connection when at most this much is left. */
  drainMaxBytes: number;
  /** Longest wait for the rest of a refused body, whether the connection is kept or closed afterwards. */
  timeoutMs: number;
}

const DEFAULT_LIMITS: UnreadBodyLimits = { drainMaxBytes: 4 * 1024 * 1024, timeoutMs: 10_000 };

/**
 * Keeps a client's keep-alive connection usable after an answer given before its request body was read to
 * the end (413 halfway through an upload, 401/403/404 before it). Node dumps an unread body by itself only
 * when nobody started reading it; once a parser (multipart, JSON) did and stopped, the rest stays on the
 * wire, the connection's HTTP parser stays inside the old body, and the client's next request on it hangs.
 *
 * So: a body whose rest is small (by its Content-Length) is read and dropped, and the connection stays open.
 * A larger or chunked one gets `Connection: close`; the service then keeps reading (and dropping) it until
 * it ends or `timeoutMs` passes before closing, because closing a socket with unread data makes the kernel
 * send a reset, and a client still uploading can lose the answer it has not read yet.
 */
export function keepConnectionsUsable(fastify: FastifyInstance, limits: UnreadBodyLimits = DEFAULT_LIMITS): void {
  const closing = new WeakSet<IncomingMessage>();
  fastify.addHook('onSend', async (request, reply, payload) => {
    const raw = request.raw;
    if (raw.complete || !raw.socket) return payload;
    if (remainingAtMost(raw, limits.drainMaxBytes)) {
      // Fastify closes after a body over BODY_LIMIT_BYTES; a small one is drained instead. (Without the
      // header Node keeps the connection as the client asked, but says nothing, as HTTP/1.1 allows.)
      if (reply.hasHeader('connection')) reply.removeHeader('connection');
    } else {
      void reply.header('connection', 'close');
      closing.add(raw);
      closeAfterReading(raw.socket, raw, limits.timeoutMs);
    }
    return payload;
  });
  fastify.addHook('onResponse', async (request) => {
    // On a connection that stays open the rest is bounded by its length; on one closing, by the time only.
    discardRest(request.raw, closing.has(request.raw) ? Infinity : limits.drainMaxBytes, limits.timeoutMs);
  });
}

function remainingAtMost(request: IncomingMessage, bytes: number): boolean {
  const length = Number(request.headers['content-length']);
  return request.headers['transfer-encoding'] === undefined && Number.isSafeInteger(length) && length <= bytes;
}

/**
 * Node ends the socket right after an answer marked `Connection: close` (`destroySoon`); this one is held
 * open for reading until the request body ends, so the client sees our FIN and the answer, not a reset.
 */
function closeAfterReading(socket: Socket, request: IncomingMessage, timeoutMs: number): void {
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    socket.once('close', () => clearTimeout(timer));
    if (request.readableEnded) close();
    else request.once('end', close);
  };
}

/** Reads what is left of a request body after its answer and drops it, within the limits. */
function discardRest(request: IncomingMessage, maxBytes: number, timeoutMs: number): void {
  const socket = request.socket;
  // A body received whole (or none, as on a GET) is Node's to dump; listening here would add a listener to the
  // socket for every request a kept-alive connection carries.
  if (request.complete || request.readableEnded || request.destroyed || !socket || socket.destroyed) return;
  // The answer is out: whoever was reading (a multipart or JSON parser) has given up on the body.
  request.unpipe();
  request.removeAllListeners('data');
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) socket.destroy();
  });
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  const stop = () => clearTimeout(timer);
  // Both removed once the body ends: a kept-alive connection carries many refused bodies over its life.
  request.once('end', () => {
    stop();
    socket.off('close', stop);
  });
  socket.once('close', stop);
  request.resume();
}
