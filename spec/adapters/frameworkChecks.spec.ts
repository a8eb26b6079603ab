import { expect } from 'chai';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type Dockerode from 'dockerode';
import pino from 'pino';
import { FrameworkChecks } from '../../src/adapters/frameworkCheckRunner.js';
import type { CheckTarget } from '../../src/events/frameworkChecks.js';
import type { Input } from '../../src/events/inputs.js';

/** Runs one check against `target` and resolves with what the adapter answered. */
function runOnce(target: CheckTarget, timeoutMs = 2000): Promise<Input> {
  return new Promise((resolve) => {
    const checks = new FrameworkChecks(new Promise<Dockerode>(() => {}), resolve, pino({ level: 'silent' }));
    checks.run({ type: 'check.run', taskId: 't1', check: 'health', target, timeoutMs });
  });
}

async function server(answer: http.RequestListener): Promise<{ port: number; close: () => void }> {
  const listening = http.createServer(answer);
  await new Promise<void>((ready) => listening.listen(0, '127.0.0.1', ready));
  return { port: (listening.address() as AddressInfo).port, close: () => listening.close() };
}

const httpTarget = (port: number, path = '/health'): CheckTarget => ({ type: 'HTTP', host: '127.0.0.1', port, path, scheme: 'http' });

describe('running a framework check', () => {
  it('passes an HTTP check on 2xx and follows a redirect as curl -L does', async () => {
    const web = await server((request, response) => {
      if (request.url === '/health') response.writeHead(301, { location: '/ok' }).end();
      else response.writeHead(204).end();
    });
    try {
      expect(await runOnce(httpTarget(web.port))).to.deep.equal({ type: 'check.passed', taskId: 't1', check: 'health', status: { type: 'HTTP', statusCode: 204 } });
    } finally {
      web.close();
    }
  });

  it('fails an HTTP check on a status from 400 up, with the status', async () => {
    const web = await server((_request, response) => response.writeHead(503).end());
    try {
      expect(await runOnce(httpTarget(web.port, ''))).to.deep.equal({
        type: 'check.failed',
        taskId: 't1',
        check: 'health',
        message: `GET http://127.0.0.1:${web.port}/ answered 503`,
        status: { type: 'HTTP', statusCode: 503 },
      });
    } finally {
      web.close();
    }
  });

  it('fails a run that outlasts its timeout, with no status', async () => {
    const silent = await server(() => {});
    try {
      const started = Date.now();
      expect(await runOnce(httpTarget(silent.port), 300)).to.deep.equal({ type: 'check.failed', taskId: 't1', check: 'health', message: 'timed out after 0.3s' });
      expect(Date.now() - started).to.be.lessThan(2000);
    } finally {
      silent.close();
    }
  });

  it('passes a TCP check when a connection opens, and fails it, saying so, when refused', async () => {
    const listener = net.createServer((socket) => socket.destroy());
    await new Promise<void>((ready) => listener.listen(0, '127.0.0.1', ready));
    const port = (listener.address() as AddressInfo).port;
    expect(await runOnce({ type: 'TCP', host: '127.0.0.1', port })).to.deep.include({ type: 'check.passed', status: { type: 'TCP', succeeded: true } });
    await new Promise((closed) => listener.close(closed));
    const refused = await runOnce({ type: 'TCP', host: '127.0.0.1', port });
    expect(refused).to.deep.include({ type: 'check.failed', status: { type: 'TCP', succeeded: false } });
    expect((refused as { message: string }).message).to.equal(`connect to 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});
