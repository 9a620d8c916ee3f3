import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that the test controls: it can cut every
 * connection (as a failover or restart does), refuse new ones for a while, and
 * cut the connection that carries a given statement, mid-query.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private down = false;
  private trigger: { pattern: RegExp; downMs: number; fired: () => void } | undefined;
  private restoring: NodeJS.Timeout | undefined;
  /** Connections cut or refused so far. */
  cuts = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    server: Server,
  ) {
    this.server = server;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(target, server);
    server.on('connection', (client: Socket) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private accept(client: Socket): void {
    if (this.down) {
      this.cuts++;
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      const trigger = this.trigger;
      if (trigger && trigger.pattern.test(chunk.toString('latin1'))) {
        this.trigger = undefined;
        // The statement reached the server: cut before (or while) it answers.
        setTimeout(() => {
          this.cutAll(trigger.downMs);
          setTimeout(() => trigger.fired(), trigger.downMs);
        }, 5);
      }
    });
  }

  /** Cuts every open connection and refuses new ones for `downMs` (Infinity: until {@link restore}). */
  cutAll(downMs = Infinity): void {
    clearTimeout(this.restoring);
    this.down = true;
    for (const [client, upstream] of this.pairs) {
      this.cuts++;
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    if (Number.isFinite(downMs)) this.restoring = setTimeout(() => this.restore(), downMs);
  }

  /** Cuts the connection that sends a statement matching `pattern`, then refuses connections for `downMs`. Resolves once connections are accepted again. */
  cutOn(pattern: RegExp, downMs: number): Promise<void> {
    return new Promise((fired) => (this.trigger = { pattern, downMs, fired }));
  }

  restore(): void {
    clearTimeout(this.restoring);
    this.down = false;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
