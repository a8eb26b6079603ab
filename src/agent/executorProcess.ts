import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedAgent } from './embeddedAgent.js';
import { parseMesosDuration } from './mesosDuration.js';

export interface SpawnExecutorOptions {
  agent: EmbeddedAgent;
  sandbox: string;
  command: string[];
  /** Defaults to the agent's framework checkpointing. */
  checkpoint?: boolean;
  recoveryTimeout?: string;
  subscriptionBackoffMax?: string;
  shutdownGracePeriod?: string;
  env?: Record<string, string>;
  tee?: boolean;
}

export interface ExecutorExit {
  code: number | null;
  signal: string | null;
  /** The agent destroyed the executor's container (isolation 'cgroups', a terminal update and no resources left). */
  destroyed?: boolean;
}

export interface ExecutorProcess {
  child: ChildProcess;
  exited: Promise<ExecutorExit>;
}

/** The environment a Mesos agent gives an executor it launches (src/slave/slave.cpp, executorEnvironment). */
export function executorEnvironment(opts: SpawnExecutorOptions): Record<string, string> {
  const { agent } = opts;
  const checkpoint = opts.checkpoint ?? agent.checkpoint;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    MESOS_AGENT_ENDPOINT: agent.endpoint,
    MESOS_SLAVE_PID: `slave(1)@${agent.endpoint}`,
    MESOS_SLAVE_ID: agent.agentId,
    MESOS_FRAMEWORK_ID: agent.frameworkId,
    MESOS_EXECUTOR_ID: agent.executorId,
    MESOS_DIRECTORY: opts.sandbox,
    MESOS_SANDBOX: opts.sandbox,
    MESOS_CHECKPOINT: checkpoint ? '1' : '0',
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: opts.shutdownGracePeriod ?? '5secs',
    MESOS_HTTP_COMMAND_EXECUTOR: '0',
  };
  if (checkpoint) {
    env['MESOS_RECOVERY_TIMEOUT'] = opts.recoveryTimeout ?? '15mins';
    env['MESOS_SUBSCRIPTION_BACKOFF_MAX'] = opts.subscriptionBackoffMax ?? '2secs';
  }
  if (agent.authenticationToken !== undefined) {
    env['MESOS_EXECUTOR_AUTHENTICATION_TOKEN'] = agent.authenticationToken;
  }
  return { ...env, ...opts.env };
}

/**
 * Starts an executor as a Mesos agent does: in its sandbox, with the agent's
 * environment, its output in the sandbox's `stdout` and `stderr` files. Like
 * the agent, it destroys the executor when the shutdown grace period runs
 * out after a SHUTDOWN, and tells the agent when the process has gone.
 */
export function spawnExecutor(opts: SpawnExecutorOptions): ExecutorProcess {
  const [file, ...args] = opts.command;
  if (file === undefined) throw new Error('spawnExecutor: empty command');
  const stdoutPath = join(opts.sandbox, 'stdout');
  const stderrPath = join(opts.sandbox, 'stderr');
  const tee = opts.tee ?? false;
  const fds = tee ? [] : [openSync(stdoutPath, 'a'), openSync(stderrPath, 'a')];
  const child = spawn(file, args, {
    cwd: opts.sandbox,
    env: executorEnvironment(opts),
    stdio: tee ? ['ignore', 'pipe', 'pipe'] : ['ignore', fds[0]!, fds[1]!],
    // Mesos starts each executor in a session of its own, so a Ctrl-C meant for `up` never reaches it.
    detached: true,
  });
  for (const fd of fds) closeSync(fd);
  if (tee) {
    const out = createWriteStream(stdoutPath, { flags: 'a' });
    const err = createWriteStream(stderrPath, { flags: 'a' });
    child.stdout?.on('data', (chunk: Buffer) => { out.write(chunk); process.stdout.write(chunk); });
    child.stderr?.on('data', (chunk: Buffer) => { err.write(chunk); process.stderr.write(chunk); });
    child.once('close', () => { out.end(); err.end(); });
  }

  const gracePeriodMs = parseMesosDuration(opts.shutdownGracePeriod ?? '5secs') ?? 5000;
  let destroyTimer: NodeJS.Timeout | undefined;
  const onShutdown = (): void => {
    destroyTimer ??= setTimeout(() => child.kill('SIGKILL'), gracePeriodMs);
  };
  opts.agent.on('shutdown', onShutdown);
  // A destroyed container takes every process in it: the executor's whole process group.
  const onDestroy = (): void => {
    destroyed = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  let destroyed = false;
  opts.agent.on('destroy', onDestroy);

  const exited = new Promise<ExecutorExit>((resolve, reject) => {
    child.once('error', (error) => {
      opts.agent.off('shutdown', onShutdown);
      opts.agent.off('destroy', onDestroy);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(destroyTimer);
      opts.agent.off('shutdown', onShutdown);
      opts.agent.off('destroy', onDestroy);
      opts.agent.executorExited();
      resolve({ code, signal, ...(destroyed ? { destroyed } : {}) });
    });
  });
  return { child, exited };
}
