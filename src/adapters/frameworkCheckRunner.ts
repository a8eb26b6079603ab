import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { CommandOf } from '../events/commands.js';
import type { CheckStatus, CheckTarget } from '../events/frameworkChecks.js';
import type { Input } from '../events/inputs.js';
import { execToEnd } from './containerExec.js';
import type { Logger } from './logger.js';

/**
 * Runs one framework health check or check as Mesos's checker does: HTTP is
 * a GET that follows redirects, passing on 200 to 399 (certificates are not
 * verified, as curl -k does not); TCP passes when a connection opens;
 * COMMAND is `docker exec` in the service's container, passing on exit 0.
 * A run that outlasts its timeout fails with no status. The result comes
 * back as `check.passed` or `check.failed`.
 */

interface Finding {
  passed: boolean;
  status?: CheckStatus;
  message?: string;
}

const MAX_REDIRECTS = 10;

export class FrameworkChecks {
  constructor(
    private readonly docker: Promise<Dockerode>,
    private readonly feedback: (input: Input) => void,
    private readonly logger: Logger,
  ) {}

  run(command: CommandOf<'check.run'>): void {
    const abort = new AbortController();
    const work = this.probe(command.target, abort.signal).catch((error: Error): Finding => ({ passed: false, message: error.message }));
    const deadline =
      command.timeoutMs > 0
        ? new Promise<Finding>((resolve) => {
            const timer = setTimeout(() => resolve({ passed: false, message: `timed out after ${command.timeoutMs / 1000}s` }), command.timeoutMs);
            void work.finally(() => clearTimeout(timer));
          })
        : new Promise<Finding>(() => {});
    void Promise.race([work, deadline]).then((finding) => {
      abort.abort();
      const { taskId, check } = command;
      if (finding.passed && finding.status) {
        this.feedback({ type: 'check.passed', taskId, check, status: finding.status });
        return;
      }
      this.logger.info({ taskId, check, target: command.target, message: finding.message }, 'framework check failed');
      this.feedback({ type: 'check.failed', taskId, check, message: finding.message ?? 'failed', ...(finding.status ? { status: finding.status } : {}) });
    });
  }

  private async probe(target: CheckTarget, signal: AbortSignal): Promise<Finding> {
    switch (target.type) {
      case 'HTTP':
        return httpProbe(await this.endpoint(target), signal);
      case 'TCP':
        return tcpProbe(await this.endpoint(target), signal);
      case 'COMMAND':
        return commandProbe(await this.docker, target, signal);
    }
  }

  /**
   * The container's own address and port behind a published port, found by
   * inspecting it (and the container whose network namespace it joined);
   * the port on the agent when it has none.
   */
  private async endpoint<T extends Extract<CheckTarget, { type: 'HTTP' | 'TCP' }>>(target: T): Promise<T> {
    if (!target.container) return target;
    const docker = await this.docker;
    let info = await docker.getContainer(target.container.containerId).inspect();
    const joined = /^container:(.+)$/.exec(info.HostConfig.NetworkMode ?? '')?.[1];
    if (joined) info = await docker.getContainer(joined).inspect();
    const networks = Object.values(info.NetworkSettings.Networks ?? {});
    const address = networks.map((network) => network.IPAddress).find((ip) => ip) ?? networks.map((network) => network.GlobalIPv6Address).find((ip) => ip);
    return address ? { ...target, host: address, port: target.container.port } : target;
  }
}

async function httpProbe(target: Extract<CheckTarget, { type: 'HTTP' }>, signal: AbortSignal): Promise<Finding> {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  let url = new URL(`${target.scheme}://${host}:${target.port}${target.path || '/'}`);
  for (let hop = 0; ; hop += 1) {
    const answer = await get(url, signal).catch((error: Error) => error);
    if (answer instanceof Error) return { passed: false, message: `GET ${url.href}: ${answer.message}` };
    const redirect = answer.statusCode >= 300 && answer.statusCode < 400 ? answer.location : undefined;
    if (redirect !== undefined && hop < MAX_REDIRECTS) {
      url = new URL(redirect, url);
      continue;
    }
    const status: CheckStatus = { type: 'HTTP', statusCode: answer.statusCode };
    const passed = answer.statusCode >= 200 && answer.statusCode < 400;
    return passed ? { passed, status } : { passed, status, message: `GET ${url.href} answered ${answer.statusCode}` };
  }
}

function get(url: URL, signal: AbortSignal): Promise<{ statusCode: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(url, { signal, rejectUnauthorized: false, headers: { 'user-agent': 'compose-executor health check' } }, (response) => {
      response.resume();
      resolve({ statusCode: response.statusCode ?? 0, ...(response.headers.location ? { location: response.headers.location } : {}) });
    });
    request.on('error', reject);
  });
}

function tcpProbe(target: Extract<CheckTarget, { type: 'TCP' }>, signal: AbortSignal): Promise<Finding> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    signal.addEventListener('abort', () => socket.destroy(), { once: true });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ passed: true, status: { type: 'TCP', succeeded: true } });
    });
    socket.once('error', (error) =>
      resolve({ passed: false, status: { type: 'TCP', succeeded: false }, message: `connect to ${target.host}:${target.port}: ${error.message}` }),
    );
  });
}

async function commandProbe(docker: Dockerode, target: Extract<CheckTarget, { type: 'COMMAND' }>, signal: AbortSignal): Promise<Finding> {
  // The output only goes into the message of a failure: its tail is enough.
  let tail = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-400)));
  const exitCode = await execToEnd(
    docker,
    target.containerId,
    { Cmd: target.argv, ...(target.environment ? { Env: Object.entries(target.environment).map(([name, value]) => `${name}=${value}`) } : {}) },
    { stdout: output, stderr: output },
    undefined,
    signal,
  );
  if (exitCode === undefined) return { passed: false, message: `command in service ${target.service} ended with no exit code` };
  const status: CheckStatus = { type: 'COMMAND', exitCode };
  if (exitCode === 0) return { passed: true, status };
  const said = tail.trim().split('\n').at(-1);
  return { passed: false, status, message: `command in service ${target.service} exited with status ${exitCode}${said ? `: ${said}` : ''}` };
}
