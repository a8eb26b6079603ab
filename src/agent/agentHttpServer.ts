import http from 'node:http';
import type { Socket } from 'node:net';

/** The agent's listening socket, which can go away and come back on the same port as a restarting agent's does. */
export class AgentHttpServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private boundPort: number;

  constructor(readonly host: string, port: number, handler: http.RequestListener) {
    this.boundPort = port;
    this.server = http.createServer(handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.boundPort, this.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address !== null && typeof address === 'object') this.boundPort = address.port;
        resolve();
      });
    });
  }

  /** Stops listening and breaks every open connection; the port is kept for `listen()`. */
  refuse(): void {
    if (this.server.listening) this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    const closed = this.server.listening
      ? new Promise<void>((resolve) => this.server.close(() => resolve()))
      : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
