import { once } from 'node:events';
import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP hop between the app and a real server, for faults a shared server must not suffer: `refuse` drops
 * every connection and stops listening (connections are refused), `blackhole` accepts connections and never
 * answers (a stalled server or a hung pooler), `forward` passes bytes through again.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    public port = 0,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.forward();
    return proxy;
  }

  async forward(): Promise<void> {
    await this.listen((client) => {
      const upstream = createConnection(this.target);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async blackhole(): Promise<void> {
    await this.listen((client) => client.on('error', () => undefined));
  }

  /** Closes every connection at once (as a crashed server's host would) and stops listening. */
  async refuse(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.refuse();
  }

  private async listen(onConnection: (client: Socket) => void): Promise<void> {
    await this.refuse();
    const server = createServer((client) => {
      this.track(client);
      onConnection(client);
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
