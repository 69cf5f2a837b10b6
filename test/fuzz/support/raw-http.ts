import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Already encoded: path and query exactly as they go on the request line. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A minimal HTTP/1.1 client: unlike fetch it sends any method with a body, any byte sequence in the URL
 * (invalid percent-encoding included) and keeps connections alive, so a case costs one round trip.
 */
export class RawHttp {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** `fresh`: on a new connection, closed after the answer, instead of a kept-alive one. */
  send(raw: RawRequest, { fresh = false, timeoutMs = 30000 } = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...raw.headers, ...(fresh ? { connection: 'close' } : {}) };
      if (raw.body !== undefined) headers['content-length'] = String(raw.body.length);
      const outgoing = request(
        {
          host: this.host,
          port: this.port,
          method: raw.method,
          path: raw.target,
          headers,
          agent: fresh ? false : this.agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        },
      );
      outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      outgoing.on('error', reject);
      outgoing.end(raw.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
