import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedAgent, type ReceivedUpdate } from '../../src/agent/embeddedAgent.js';
import { spawnExecutor, type ExecutorProcess } from '../../src/agent/executorProcess.js';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { buildTaskInfo } from '../../src/agent/frameworkTaskInfo.js';
import { BENCH_PREFIX, docker, onCleanUp } from './benchEngine.js';

/**
 * Which executor a benchmark launches: the plain build (dist/ through bin/), the single-file bundle, or the
 * bundle's startup snapshot through its launcher (what the examples deploy).
 */
export type ExecutorBuild = 'build' | 'bundle' | 'snapshot';

export const BUNDLE = fileURLToPath(new URL('../../dist/compose-executor.mjs', import.meta.url));
export const SNAPSHOT_LAUNCHER = fileURLToPath(new URL('../../dist/compose-executor.sh', import.meta.url));

export function executorCommand(build: ExecutorBuild): string[] {
  if (build === 'snapshot') return [SNAPSHOT_LAUNCHER];
  return [process.execPath, build === 'bundle' ? BUNDLE : EXECUTOR_BIN];
}

export const BUILD_NAMES: Record<ExecutorBuild, string> = { build: 'the plain build', bundle: 'the bundle', snapshot: 'the bundle from its startup snapshot' };

export interface BenchPodOptions {
  composeFile: string;
  build?: ExecutorBuild;
  /** The executor's command line instead of a build's (to compare flags). */
  command?: string[];
  /** Part of the task id after the bench prefix. */
  name?: string;
  /** More of the executor's environment (a benchmark's probe: bench/support/v8Probe.ts). */
  env?: Record<string, string>;
}

const running = new Set<BenchPod>();
let cleanUpRegistered = false;

/**
 * A pod launched as Mesos would (src/agent/localPod.ts does the same), but
 * with a choice of executor build and the moments a benchmark measures
 * from: when the executor was spawned, when its SUBSCRIBE reached the agent,
 * which is when the agent sent the LAUNCH it had queued.
 */
export class BenchPod {
  subscribedAt: number | undefined;
  private constructor(
    readonly agent: EmbeddedAgent,
    readonly executor: ExecutorProcess,
    readonly sandbox: string,
    readonly taskId: string,
    readonly spawnedAt: number,
  ) {
    agent.once('subscribe', () => {
      this.subscribedAt = Date.now();
    });
  }

  get pid(): number {
    return this.executor.child.pid!;
  }

  static async start(options: BenchPodOptions): Promise<BenchPod> {
    if (!cleanUpRegistered) {
      cleanUpRegistered = true;
      onCleanUp(async () => {
        for (const pod of [...running]) await pod.destroy();
      });
    }
    const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-bench-'));
    await writeFile(path.join(sandbox, 'docker-compose.yml'), options.composeFile);
    // manyPods gives each pod a subnet of its own, which the operator must allow (policy.fixed_subnets).
    const config = path.join(sandbox, 'compose-executor.yml');
    await writeFile(config, 'policy:\n  fixed_subnets: allow\n');
    const taskId = `${BENCH_PREFIX}-${options.name ?? 'pod'}-${randomBytes(3).toString('hex')}`;
    const agent = await EmbeddedAgent.start({
      frameworkId: 'compose-executor-bench',
      executorId: `executor-${taskId}`,
      frameworkCapabilities: ['TASK_KILLING_STATE'],
    });
    agent.launch(
      buildTaskInfo({
        taskId,
        name: taskId,
        agentId: agent.agentId,
        executor: { executorId: agent.executorId, frameworkId: agent.frameworkId },
        labels: { fileName: 'docker-compose.yml' },
        ports: [[31000, 31099]],
      }),
    );
    const spawnedAt = Date.now();
    const executor = spawnExecutor({ agent, sandbox, command: options.command ?? executorCommand(options.build ?? 'build'), env: { ...options.env, COMPOSE_EXECUTOR_CONFIG: config } });
    const pod = new BenchPod(agent, executor, sandbox, taskId, spawnedAt);
    running.add(pod);
    return pod;
  }

  waitForState(states: string[], timeoutMs = 60_000): Promise<ReceivedUpdate> {
    return this.agent.waitForUpdate((update) => update.taskId === this.taskId && states.includes(update.state), timeoutMs);
  }

  /** Resolves when TASK_RUNNING arrives; rejects, naming the state, when the task ends first. */
  async running(timeoutMs = 60_000): Promise<ReceivedUpdate> {
    const update = await this.waitForState(['TASK_RUNNING', 'TASK_FAILED', 'TASK_ERROR', 'TASK_KILLED', 'TASK_FINISHED'], timeoutMs);
    if (update.state !== 'TASK_RUNNING') throw new Error(`${this.taskId} ended ${update.state} before running: ${update.status.message ?? ''}`);
    return update;
  }

  kill(): void {
    this.agent.kill(this.taskId);
  }

  /** Waits for the executor to exit, then stops the agent and removes the sandbox. */
  async finished(timeoutMs = 60_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.executor.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the executor of ${this.taskId} did not exit within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    await this.destroy();
  }

  /** Kills the executor if it still runs and removes whatever the pod left. */
  async destroy(): Promise<void> {
    if (!running.delete(this)) return;
    if (this.executor.child.exitCode === null && this.executor.child.signalCode === null) this.executor.child.kill('SIGKILL');
    await this.agent.stop().catch(() => {});
    const filters = JSON.stringify({ label: [`taskId=${this.taskId}`] });
    for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {});
    for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => {});
    await rm(this.sandbox, { recursive: true, force: true });
  }

  /** The container ids of the pod's services, by service name. */
  async containers(): Promise<Record<string, string>> {
    const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`taskId=${this.taskId}`] }) });
    return Object.fromEntries(list.map((c) => [c.Labels['com.docker.compose.service'] ?? c.Id, c.Id]));
  }
}
