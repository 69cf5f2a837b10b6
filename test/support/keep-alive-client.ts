import http from 'node:http';
import { Socket } from 'node:net';

export interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Which connection of this client carried the request (1 for the first one, and so on). */
  connection: number;
  ms: number;
}

export interface RawRequest {
  headers?: Record<string, string>;
  /** Sent with Content-Length; an iterable is sent chunked (no Content-Length). */
  body?: Buffer | AsyncIterable<Buffer>;
  timeoutMs?: number;
}

/**
 * A client with a connection pool of exactly one keep-alive socket, like the pools of real HTTP clients: a
 * connection the server leaves in a bad state makes the next request on it fail (or hang).
 */
export class KeepAliveClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly connections = new WeakMap<Socket, number>();
  private opened = 0;

  constructor(private readonly baseUrl: string) {}

  /** How many connections this client has opened so far. */
  get connectionsOpened(): number {
    return this.opened;
  }

  request(method: string, route: string, options: RawRequest = {}): Promise<RawResult> {
    const started = Date.now();
    const { body } = options;
    const headers: Record<string, string | number> = { ...options.headers };
    if (Buffer.isBuffer(body)) headers['content-length'] = body.length;
    return new Promise<RawResult>((resolve, reject) => {
      let answered = false;
      const request = http.request(`${this.baseUrl}${route}`, { method, headers, agent: this.agent });
      request.setTimeout(options.timeoutMs ?? 10_000, () =>
        request.destroy(new Error(`${method} ${route}: no answer within ${options.timeoutMs ?? 10_000} ms`)),
      );
      request.on('socket', (socket: Socket) => {
        if (!this.connections.has(socket)) this.connections.set(socket, (this.opened += 1));
      });
      request.on('response', (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            connection: this.connections.get(request.socket as Socket) ?? 0,
            ms: Date.now() - started,
          }),
        );
      });
      // A server that answers early may stop reading the upload; the answer is what counts then.
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      if (body === undefined || Buffer.isBuffer(body)) {
        request.end(body);
        return;
      }
      void (async () => {
        try {
          for await (const chunk of body) if (!request.write(chunk)) await onceDrained(request);
          request.end();
        } catch (error) {
          request.destroy(error as Error);
        }
      })();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function onceDrained(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      request.off('drain', done);
      request.off('close', gone);
      resolve();
    };
    const gone = () => reject(new Error('the connection closed while uploading'));
    request.once('drain', done);
    request.once('close', gone);
  });
}

/** A multipart/form-data body with one file part, built by hand so its exact length is known. */
export function multipartFile(field: string, filename: string, content: Buffer): { body: Buffer; type: string } {
  const boundary = `----keyward-${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A client that sends its whole request before it reads anything, as simple HTTP clients do (Python's
 * requests and aiohttp among them). A server that closes with part of the upload unread makes the kernel
 * reset the connection, and such a client then loses the answer it had not read yet.
 */
export function sendThenRead(
  url: string,
  head: Record<string, string>,
  method: string,
  body: Buffer,
): Promise<{ status: number; raw: string; error: string | null }> {
  const { hostname, port, pathname, search } = new URL(url);
  const lines = [`${method} ${pathname}${search} HTTP/1.1`, `host: ${hostname}:${port}`];
  for (const [name, value] of Object.entries({ ...head, 'content-length': String(body.length) }))
    lines.push(`${name}: ${value}`);
  return new Promise((resolve) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let error: string | null = null;
    const finish = () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0), raw, error });
    };
    socket.once('close', finish);
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.connect(Number(port), hostname, () => {
      socket.pause();
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      socket.write(body, () => {
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.resume();
      });
    });
    socket.setTimeout(15_000, () => socket.destroy());
  });
}
