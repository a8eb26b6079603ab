import net from 'node:net';
import { rm } from 'node:fs/promises';

/**
 * A Unix socket in front of the engine's, for an executor's DOCKER_HOST: it
 * passes everything through until `cut`, then breaks every connection and
 * refuses new ones, as when the engine's socket goes away.
 */
export class DockerSocketProxy {
  private readonly connections = new Set<net.Socket>();
  private cutOff = false;

  private constructor(readonly path: string, private readonly server: net.Server) {}

  static async start(path: string, engine = '/var/run/docker.sock'): Promise<DockerSocketProxy> {
    await rm(path, { force: true });
    const server = net.createServer();
    const proxy = new DockerSocketProxy(path, server);
    server.on('connection', (client) => proxy.pass(client, engine));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
    return proxy;
  }

  get dockerHost(): string {
    return `unix://${this.path}`;
  }

  /** Breaks every open connection and closes the socket, which is removed. */
  async cut(): Promise<void> {
    this.cutOff = true;
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.path, { force: true });
  }

  private pass(client: net.Socket, engine: string): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    const upstream = net.connect(engine);
    for (const socket of [client, upstream]) {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}
