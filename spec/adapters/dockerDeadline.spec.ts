import { expect } from 'chai';
import Dockerode from 'dockerode';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DockerEngine } from '../../src/adapters/dockerEngine.js';
import type { Input } from '../../src/events/inputs.js';

/** An engine that accepts every connection and never answers, as dockerd does when frozen. */
async function silentEngine(): Promise<{ socketPath: string; server: Server; sockets: Socket[] }> {
  const socketPath = path.join(await mkdtemp(path.join(tmpdir(), 'silent-docker-')), 'docker.sock');
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { socketPath, server, sockets };
}

describe('Docker calls when the engine does not answer', () => {
  let engine: Awaited<ReturnType<typeof silentEngine>>;
  beforeEach(async () => (engine = await silentEngine()));
  afterEach(() => {
    for (const socket of engine.sockets) socket.destroy();
    engine.server.close();
  });

  const answerTo = (command: Parameters<DockerEngine['run']>[0], timeoutMs: number): Promise<{ input: Input; ms: number }> => {
    const started = Date.now();
    return new Promise((resolve) => {
      const docker = new Dockerode({ socketPath: engine.socketPath });
      new DockerEngine(docker, (input) => resolve({ input, ms: Date.now() - started }), pino({ level: 'silent' }), {}, undefined, timeoutMs).run(command);
    });
  };

  it('fails a launch step with a message saying the engine did not answer, instead of hanging', async () => {
    const { input, ms } = await answerTo({ type: 'network.create', taskId: 't', name: 't_default', labels: {} }, 300);
    expect(input).to.deep.equal({ type: 'network.create_failed', taskId: 't', name: 't_default', message: 'the Docker engine did not answer within 0.3s' });
    expect(ms).to.be.below(2000);
  });

  it('answers a removal the engine ignores once the executor has ended what it could itself', async () => {
    const containerId = 'f'.repeat(64);
    const { input } = await answerTo({ type: 'container.remove', taskId: 't', service: 'web', containerId }, 300);
    expect(input).to.deep.equal({
      type: 'container.remove_failed',
      taskId: 't',
      service: 'web',
      message: 'the Docker engine did not answer within 0.3s; the executor ended its 0 processes itself',
    });
  });

  it("gives a stop its grace on top of the call's bound", async () => {
    const { ms } = await answerTo({ type: 'container.stop', taskId: 't', service: 'web', containerId: 'c', graceSeconds: 1 }, 300);
    expect(ms).to.be.within(1200, 3000);
  });

  it('ends a call of a client with a timeout when its socket stays silent', async () => {
    const docker = new Dockerode({ socketPath: engine.socketPath, timeout: 300 });
    const error = await docker.getContainer('c').inspect().then(() => null, (failure: Error & { code?: string }) => failure);
    expect(error?.code).to.equal('ECONNRESET');
  });
});
