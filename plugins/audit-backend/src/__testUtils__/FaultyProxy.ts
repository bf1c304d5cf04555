import { AddressInfo, createServer, connect, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a database server that can cut it off: open
 * connections are reset and new ones refused, exactly what a client sees
 * when the server stops, and then let it through again — without stopping
 * the test server other suites share.
 */
export class FaultyProxy {
  private readonly sockets = new Set<Socket>();
  private up = true;
  private server?: Server;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer(client => {
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>(r => this.server!.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  /** The database "stops": every connection dies, new ones are refused. */
  cut() {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  /** The database is back. */
  restore() {
    this.up = true;
  }

  async stop() {
    this.cut();
    await new Promise(r => this.server?.close(r));
  }
}
