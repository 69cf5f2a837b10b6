import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One envelope as Sentry's SDK sent it: its raw text and the types of the items it holds. */
export interface Envelope {
  text: string;
  itemTypes: string[];
}

/**
 * A stand-in for Sentry's ingest endpoint on a free local port: it accepts every envelope and keeps it. The DSN
 * `http://public@127.0.0.1:<port>/1` makes the SDK post to `/api/1/envelope/` here.
 */
export class SentryIngest {
  readonly envelopes: Envelope[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SentryIngest> {
    const server = createServer();
    const ingest = new SentryIngest(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
        ingest.envelopes.push({ text, itemTypes: itemTypesOf(text) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return ingest;
  }

  get dsn(): string {
    const { port } = this.server.address() as { port: number };
    return `http://public@127.0.0.1:${port}/1`;
  }

  /** The envelopes that carry an error event (the SDK also sends client reports). */
  events(): Envelope[] {
    return this.envelopes.filter((envelope) => envelope.itemTypes.includes('event'));
  }

  async close(): Promise<void> {
    this.server.close();
    await once(this.server, 'close');
  }
}

// An envelope is a header line, then for each item a header line (with its type) and a payload line.
function itemTypesOf(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        const type = (parsed as { type?: unknown }).type;
        return typeof type === 'string' ? [type] : [];
      } catch {
        return [];
      }
    });
}
