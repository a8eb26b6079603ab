import { TERMINAL_STATES } from './callSchema.js';
import type { TaskStatusJson } from './executorCall.js';
import { decodeBase64 } from './protobufJson.js';

/** The agent's phases for an executor, named as in upstream slave.hpp. */
export type ExecutorPhase = 'REGISTERING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED';

/** A task as the agent sees it: what it launched and the latest state it took in. */
export interface AgentTask {
  readonly taskId: string;
  readonly info: Record<string, any>;
  state: string;
  source: 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';
  reason?: string;
  message?: string;
}

export type UpdateOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'duplicate' }
  /** Dropped but acknowledged, so that the executor stops resending it. */
  | { readonly kind: 'dropped'; readonly reason: string }
  /** Dropped without an acknowledgement: the agent cannot tie it to a task of this executor. */
  | { readonly kind: 'ignored'; readonly reason: string };

export class AgentExecutor {
  phase: ExecutorPhase = 'REGISTERING';
  private everSentTask = false;
  private readonly queued = new Map<string, Record<string, any>>();
  private readonly launched = new Map<string, AgentTask>();
  private readonly terminated = new Map<string, AgentTask>();
  private readonly receivedUuids = new Set<string>();

  constructor(private readonly agentId: string) {}

  get hasQueuedTasks(): boolean {
    return this.queued.size > 0;
  }

  /** Upstream MESOS-8411: a subscribing executor that was never sent a task is shut down. */
  get isIdle(): boolean {
    return !this.everSentTask && this.queued.size === 0;
  }

  queue(task: Record<string, any>): void {
    this.queued.set(taskIdOf(task), task);
  }

  /** Moves the queued tasks to launched (as TASK_STAGING) and returns them in queue order. */
  dequeueAll(): Array<Record<string, any>> {
    const tasks = [...this.queued.values()];
    this.queued.clear();
    for (const task of tasks) this.markLaunched(task);
    return tasks;
  }

  markLaunched(task: Record<string, any>): void {
    const taskId = taskIdOf(task);
    this.everSentTask = true;
    this.launched.set(taskId, { taskId, info: task, state: 'TASK_STAGING', source: 'SOURCE_AGENT' });
  }

  isQueued(taskId: string): boolean {
    return this.queued.has(taskId);
  }

  /** A kill of a task not yet delivered never reaches the executor: the agent ends it itself. */
  killQueued(taskId: string): AgentTask | undefined {
    const info = this.queued.get(taskId);
    if (info === undefined) return undefined;
    this.queued.delete(taskId);
    const task: AgentTask = {
      taskId, info, state: 'TASK_KILLED', source: 'SOURCE_AGENT',
      reason: 'REASON_TASK_KILLED_DURING_LAUNCH', message: 'Killed before delivery to the executor',
    };
    this.terminated.set(taskId, task);
    return task;
  }

  task(taskId: string): AgentTask | undefined {
    return this.launched.get(taskId) ?? this.terminated.get(taskId);
  }

  tasks(): AgentTask[] {
    const queued: AgentTask[] = [...this.queued.entries()].map(([taskId, info]) => ({
      taskId, info, state: 'TASK_STAGING', source: 'SOURCE_AGENT',
    }));
    return [...queued, ...this.launched.values(), ...this.terminated.values()];
  }

  /** Takes in an executor's status update the way upstream `Slave::statusUpdate` does. */
  applyUpdate(status: TaskStatusJson): UpdateOutcome {
    if (status.agent_id !== undefined && status.agent_id.value !== this.agentId) {
      return { kind: 'ignored', reason: `Agent ID mismatch: received '${status.agent_id.value}'` };
    }
    const taskId = status.task_id.value;
    if (!this.queued.has(taskId) && !this.launched.has(taskId) && !this.terminated.has(taskId)) {
      return { kind: 'ignored', reason: 'Task is unknown' };
    }
    const uuidKey = `${taskId}/${uuidHex(status.uuid ?? '')}`;
    if (this.receivedUuids.has(uuidKey)) return { kind: 'duplicate' };
    this.receivedUuids.add(uuidKey);

    const terminal = TERMINAL_STATES.has(status.state);
    const queuedInfo = this.queued.get(taskId);
    if (queuedInfo !== undefined) {
      if (!terminal) return { kind: 'dropped', reason: 'Cannot send non-terminal update for queued task' };
      this.queued.delete(taskId);
      this.terminated.set(taskId, fromStatus(taskId, queuedInfo, status));
      return { kind: 'accepted' };
    }
    const finished = this.terminated.get(taskId);
    if (finished !== undefined) {
      return { kind: 'dropped', reason: `Task is already terminated with state ${finished.state}` };
    }
    const task = this.launched.get(taskId)!;
    const next = fromStatus(taskId, task.info, status);
    if (terminal) {
      this.launched.delete(taskId);
      this.terminated.set(taskId, next);
    } else {
      this.launched.set(taskId, next);
    }
    return { kind: 'accepted' };
  }

  /**
   * Reliability rule 2: a task still staging that the re-subscribing executor
   * does not list was launched while the agent was away; it is lost.
   */
  dropUnknownStagingTasks(unacknowledgedTaskIds: ReadonlySet<string>, partitionAware: boolean): AgentTask[] {
    const dropped: AgentTask[] = [];
    for (const task of [...this.launched.values()]) {
      if (task.state !== 'TASK_STAGING' || unacknowledgedTaskIds.has(task.taskId)) continue;
      const lost: AgentTask = {
        ...task,
        state: partitionAware ? 'TASK_DROPPED' : 'TASK_LOST',
        source: 'SOURCE_AGENT',
        reason: 'REASON_AGENT_RESTARTED',
        message: 'Task launched during agent restart',
      };
      this.launched.delete(task.taskId);
      this.terminated.set(task.taskId, lost);
      dropped.push(lost);
    }
    return dropped;
  }

  /** When the executor's process is gone, every task it left unfinished fails. */
  terminate(): AgentTask[] {
    this.phase = 'TERMINATED';
    const failed: AgentTask[] = [];
    for (const task of [...this.queued.values(), ...[...this.launched.values()].map((t) => t.info)]) {
      const taskId = taskIdOf(task);
      const ended: AgentTask = {
        taskId, info: task, state: 'TASK_FAILED', source: 'SOURCE_AGENT',
        reason: 'REASON_EXECUTOR_TERMINATED', message: 'Executor terminated',
      };
      this.terminated.set(taskId, ended);
      failed.push(ended);
    }
    this.queued.clear();
    this.launched.clear();
    return failed;
  }
}

export function taskIdOf(task: Record<string, any>): string {
  const value: unknown = task?.['task_id']?.['value'];
  if (typeof value !== 'string') throw new TypeError('TaskInfo has no task_id.value');
  return value;
}

function fromStatus(taskId: string, info: Record<string, any>, status: TaskStatusJson): AgentTask {
  const task: AgentTask = { taskId, info, state: status.state, source: 'SOURCE_EXECUTOR' };
  if (typeof status['reason'] === 'string') task.reason = status['reason'];
  if (typeof status['message'] === 'string') task.message = status['message'];
  return task;
}

function uuidHex(base64: string): string {
  const bytes = decodeBase64(base64);
  return typeof bytes === 'string' ? base64 : bytes.toString('hex');
}
