import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import { EmbeddedAgent } from './embeddedAgent.js';
import { spawnExecutor, type ExecutorProcess } from './executorProcess.js';
import { buildTaskInfo } from './frameworkTaskInfo.js';

/** The executor as installed: the bin script beside this package. */
export const EXECUTOR_BIN = fileURLToPath(new URL('../../bin/compose-executor.js', import.meta.url));

/** Set by the bundle: there, the executor is the bundle itself (or the binary holding it). */
declare const COMPOSE_EXECUTOR_BUNDLE: boolean | undefined;

/** How `up` starts the executor: the bin script, or the very file (or binary) running now when bundled. */
export function executorCommand(): string[] {
  if (typeof COMPOSE_EXECUTOR_BUNDLE !== 'boolean') return [process.execPath, EXECUTOR_BIN];
  // Started from the startup snapshot, argv has no script: the executor is the same blob.
  const blob = process.execArgv.indexOf('--snapshot-blob');
  if (blob >= 0 && process.execArgv[blob + 1]) return [process.execPath, '--snapshot-blob', path.resolve(process.execArgv[blob + 1]!), '--'];
  return isSea() ? [process.execPath] : [process.execPath, path.resolve(process.argv[1] ?? '')];
}

export interface LocalPodOptions {
  /** Compose files: paths to copy into the sandbox, or contents to write there. */
  files: Array<string | { name: string; text: string }>;
  /** Files to copy into the sandbox beside them (a `.env`), which `fileName` does not name. */
  sandboxFiles?: Array<{ from: string; name: string }>;
  taskId?: string;
  /** Offered host port ranges, inclusive. */
  ports?: Array<[number, number]>;
  labels?: Record<string, string>;
  killGracePeriodSeconds?: number;
  /** TaskInfo.health_check and TaskInfo.check, as a framework sets them. */
  healthCheck?: Record<string, unknown>;
  check?: Record<string, unknown>;
  frameworkCapabilities?: string[];
  checkpoint?: boolean;
  shutdownGracePeriod?: string;
  /** Mesos durations, used with checkpointing. */
  recoveryTimeout?: string;
  subscriptionBackoffMax?: string;
  /** The wire encoding the executor is configured with (JSON when absent). */
  encoding?: 'json' | 'protobuf';
  /** The agent requires this bearer token, and gives it to the executor. */
  authenticationToken?: string;
  /** Extra environment for the executor. */
  env?: Record<string, string>;
  /** The agent's id: executors of one agent clean up after each other. */
  agentId?: string;
  /** 'cgroups': the agent destroys an executor without resources right after its terminal update. */
  isolation?: 'posix' | 'cgroups';
  /** The ExecutorInfo's resources; null: none, as Marathon gives without `executorResources`. */
  executorResources?: { cpus: number; mem: number } | null;
  /** Pass the executor's stdout and stderr through. */
  tee?: boolean;
  sandbox?: string;
  /** What the agent runs the executor under, given its container id: as Mesos's launcher puts it in namespaces and cgroups first. */
  launcher?: (containerId: string) => string[];
}

/**
 * A pod run on this machine as Mesos would run it: an embedded agent on
 * loopback, the executor spawned with the agent's environment in a fresh
 * sandbox holding the compose files, and one LAUNCH naming them in `fileName`.
 */
export class LocalPod {
  private constructor(
    readonly agent: EmbeddedAgent,
    readonly executor: ExecutorProcess,
    readonly sandbox: string,
    readonly taskId: string,
  ) {}

  /** A pod some other launcher started (a framework's launch shape, see frameworkPod.ts). */
  static of(agent: EmbeddedAgent, executor: ExecutorProcess, sandbox: string, taskId: string): LocalPod {
    return new LocalPod(agent, executor, sandbox, taskId);
  }

  static async start(options: LocalPodOptions): Promise<LocalPod> {
    const sandbox = options.sandbox ?? (await mkdtemp(path.join(tmpdir(), 'compose-executor-sandbox-')));
    const names: string[] = [];
    for (const file of options.files) {
      const name = typeof file === 'string' ? path.basename(file) : file.name;
      if (names.includes(name)) throw new Error(`two compose files are named ${name}; give them different names`);
      names.push(name);
      if (typeof file === 'string') await copyFile(file, path.join(sandbox, name));
      else await writeFile(path.join(sandbox, name), file.text);
    }
    for (const { from, name } of options.sandboxFiles ?? []) await copyFile(from, path.join(sandbox, name));
    const suffix = randomBytes(4).toString('hex');
    const taskId = options.taskId ?? `pod-${suffix}`;
    const agent = await EmbeddedAgent.start({
      frameworkId: 'compose-executor-local',
      executorId: `executor-${taskId}`,
      frameworkCapabilities: options.frameworkCapabilities ?? ['TASK_KILLING_STATE'],
      ...(options.checkpoint !== undefined ? { checkpoint: options.checkpoint } : {}),
      ...(options.authenticationToken !== undefined ? { authenticationToken: options.authenticationToken } : {}),
      ...(options.agentId !== undefined ? { agentId: options.agentId } : {}),
      ...(options.isolation !== undefined ? { isolation: options.isolation } : {}),
    });
    agent.launch(
      buildTaskInfo({
        taskId,
        name: taskId,
        agentId: agent.agentId,
        executor: { executorId: agent.executorId, frameworkId: agent.frameworkId },
        labels: { fileName: names.join(','), ...options.labels },
        ports: options.ports ?? [[31000, 31099]],
        ...(options.killGracePeriodSeconds !== undefined ? { killGracePeriodSeconds: options.killGracePeriodSeconds } : {}),
        ...(options.executorResources !== undefined ? { executorResources: options.executorResources } : {}),
        ...(options.healthCheck ? { healthCheck: options.healthCheck } : {}),
        ...(options.check ? { check: options.check } : {}),
      }),
    );
    const env = { ...options.env };
    if (options.encoding !== undefined) {
      const config = path.join(sandbox, 'compose-executor.yml');
      await writeFile(config, `encoding: ${options.encoding}\n`);
      env['COMPOSE_EXECUTOR_CONFIG'] ??= config;
    }
    const executor = spawnExecutor({
      agent,
      sandbox,
      command: [...(options.launcher?.(agent.containerId) ?? []), ...executorCommand()],
      ...(options.checkpoint !== undefined ? { checkpoint: options.checkpoint } : {}),
      ...(options.shutdownGracePeriod ? { shutdownGracePeriod: options.shutdownGracePeriod } : {}),
      ...(options.recoveryTimeout ? { recoveryTimeout: options.recoveryTimeout } : {}),
      ...(options.subscriptionBackoffMax ? { subscriptionBackoffMax: options.subscriptionBackoffMax } : {}),
      env,
      ...(options.tee ? { tee: true } : {}),
    });
    return new LocalPod(agent, executor, sandbox, taskId);
  }

  /** Resolves with the task's first update in one of the states. */
  async waitForState(states: string[], timeoutMs = 30_000) {
    return this.agent.waitForUpdate((update) => update.taskId === this.taskId && states.includes(update.state), timeoutMs);
  }

  /** The task's states in the order the agent received them, duplicates left out. */
  states(): string[] {
    return this.agent.updates.filter((update) => update.taskId === this.taskId && !update.duplicate).map((update) => update.state);
  }

  kill(gracePeriodSeconds?: number): void {
    this.agent.kill(this.taskId, gracePeriodSeconds === undefined ? undefined : gracePeriodSeconds * 1e9);
  }

  /** Waits for the executor to exit (for ever when no timeout is given), then stops the agent. */
  async finished(timeoutMs?: number) {
    const exit = await (timeoutMs === undefined
      ? this.executor.exited
      : Promise.race([
          this.executor.exited,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the executor did not exit within ${timeoutMs} ms`)), timeoutMs).unref()),
        ]));
    await this.agent.stop();
    return exit;
  }
}

