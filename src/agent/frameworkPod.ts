import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedAgent, type EmbeddedAgentOptions } from './embeddedAgent.js';
import { launchExecutor } from './executorLaunch.js';
import { LocalPod } from './localPod.js';

export interface FrameworkPodOptions {
  frameworkId: string;
  /** The framework's capabilities and checkpointing, as it registered. */
  frameworkCapabilities: string[];
  checkpoint: boolean;
  /** Builds the TaskInfo the framework would send, for the agent's id and host. */
  taskInfo: (agent: { agentId: string; hostname: string }) => Record<string, any>;
  isolation?: EmbeddedAgentOptions['isolation'];
  shutdownGracePeriod?: string;
  /** Environment the operator gives every executor (the agent's --executor_environment_variables). */
  env?: Record<string, string>;
  sandbox?: string;
}

/**
 * A pod launched the way a framework launches it: the TaskInfo and its
 * ExecutorInfo exactly as the framework builds them, the executor started
 * from that ExecutorInfo (fetched URIs, its command line, its environment)
 * in a fresh sandbox holding nothing else.
 */
export async function startFrameworkPod(options: FrameworkPodOptions): Promise<LocalPod> {
  const sandbox = options.sandbox ?? (await mkdtemp(path.join(tmpdir(), 'compose-executor-sandbox-')));
  const agentId = `${randomUUID()}-S0`;
  const taskInfo = options.taskInfo({ agentId, hostname: '127.0.0.1' });
  const executorInfo = taskInfo['executor'] as Record<string, any>;
  const agent = await EmbeddedAgent.start({
    frameworkId: options.frameworkId,
    executorId: String(executorInfo['executor_id']['value']),
    agentId,
    frameworkCapabilities: options.frameworkCapabilities,
    checkpoint: options.checkpoint,
    ...(options.isolation ? { isolation: options.isolation } : {}),
  });
  agent.launch(taskInfo);
  try {
    const executor = await launchExecutor(agent, executorInfo, {
      sandbox,
      ...(options.shutdownGracePeriod ? { shutdownGracePeriod: options.shutdownGracePeriod } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    return LocalPod.of(agent, executor, sandbox, String(taskInfo['task_id']['value']));
  } catch (error) {
    await agent.stop();
    throw error;
  }
}
