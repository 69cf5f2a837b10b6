import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, statusProblem } from '../errors/problem-details';
import { baselineSecurityHeaders } from './security-headers';

interface ClientError {
  status: number;
  code: string;
  detail: string;
}

/** Node's HTTP parser error codes, as the problem a client is told about. */
function clientErrorOf(errorCode: string | undefined): ClientError {
  switch (errorCode) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'HEADERS_TOO_LARGE',
        detail: 'The request line and headers together are larger than the server accepts (16 KiB)',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', detail: 'The request was not received in time' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'Chunk extensions are too large' };
    default:
      return { status: 400, code: 'MALFORMED_REQUEST', detail: 'The request is not valid HTTP/1.1' };
  }
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (oversized headers, malformed
 * requests, timeouts) never reach Fastify, so the answer is written to the socket here, as problem details
 * with a request id (the request's own headers were not parsed; a fresh one is made) and the security
 * headers, and the connection is closed, since its framing cannot be trusted any more.
 */
export function clientErrorHandler(logger: Logger, tls: boolean): (error: Error, socket: Duplex) => void {
  const security = baselineSecurityHeaders(tls);
  return (error, socket) => {
    const errorCode = (error as NodeJS.ErrnoException).code;
    if (errorCode === 'ECONNRESET' || socket.destroyed) return;
    const { status, code, detail } = clientErrorOf(errorCode);
    const requestId = randomUUID();
    logger.info({ requestId, route: 'unparsed', status, errorCode }, 'request refused by the HTTP parser');
    // A response already under way on this connection (keep-alive) must not be interleaved with this one.
    const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (socket.writable && !busy) {
      const body = JSON.stringify(statusProblem(status, code, detail, requestId));
      const headers = {
        'content-type': PROBLEM_CONTENT_TYPE,
        'content-length': String(Buffer.byteLength(body)),
        'x-request-id': requestId,
        connection: 'close',
        ...security,
      };
      const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${body}`);
    }
    socket.destroy(error);
  };
}
