import type { ExecutorSettings as SettingsOfExecutor } from '../events/settings.js';
import type { Command } from '../events/commands.js';
import type { Input, InputOf } from '../events/inputs.js';
import { decides } from './logVersions.js';

/**
 * What the executor session's named actions issue (see executor.ts): plain
 * functions of its context and the event, each giving its commands.
 */

/** The executor's settings, with the event log version its decisions are made for (see LOG_FORMAT_VERSION; absent: the newest). */
export type ExecutorSettings = SettingsOfExecutor & { logVersion?: number };


export interface TaskRecord {
  taskInfo: Record<string, unknown>;
  /** The agent acknowledged some update of this task. */
  acknowledged: boolean;
  terminal: boolean;
  /** Its pod's machine has not ended yet: containers may still be stopping. */
  podUp: boolean;
}

export interface ExecutorContext {
  settings: ExecutorSettings;
  frameworkCapabilities: string[];
  tasks: Record<string, TaskRecord>;
  /** Updates the agent has not acknowledged yet, by uuid. */
  unacknowledged: Record<string, { taskId: string; state: string }>;
  resubscribeAttempts: number;
  exitReason: string;
}

export const TIMERS = {
  resubscribe: 'executor/resubscribe',
  recovery: 'executor/recovery',
  shutdown: 'executor/shutdown',
  acknowledgements: 'executor/acknowledgements',
} as const;

/**
 * Delay before the n-th re-subscription: a random part (`jitter`, drawn at the
 * edge and logged) of a ceiling doubling from 100 ms up to the agent's backoff
 * maximum, so executors reconnecting to a restarted agent do not arrive together.
 */
export function resubscribeDelayMs(attempt: number, capMs: number, jitter = 1): number {
  return Math.round(Math.min(1, Math.max(0, jitter)) * Math.min(capMs, 100 * 2 ** Math.min(attempt, 20)));
}

export const TASK_GROUPS_UNSUPPORTED = 'task groups are not supported: launch one task per pod';

/** The part of the shutdown grace the pods get; the rest is for removal and the last updates. */
export function podShutdownGraceMs(shutdownGraceMs: number): number {
  return shutdownGraceMs - Math.min(2000, shutdownGraceMs / 2);
}

export type ExecutorTimer = keyof typeof TIMERS;

/** A group's tasks whose ids are not taken: a status for a taken id would be read as the running task's. */
export function newGroupTasks(context: ExecutorContext, group: InputOf<'mesos.launch_group'>): Array<[string, Record<string, unknown>]> {
  return group.taskIds.flatMap((taskId, index) =>
    taskId in context.tasks || group.taskIds.indexOf(taskId) !== index ? [] : [[taskId, group.taskInfos[index] ?? {}] as [string, Record<string, unknown>]],
  );
}

/** Fails each new task of a group: the executor runs one task a pod. */
export function failTaskGroup(context: ExecutorContext, event: Input): Command[] {
  if (event.type !== 'mesos.launch_group') return [];
  return newGroupTasks(context, event).map(([taskId]) => ({ type: 'status.send', taskId, state: 'TASK_FAILED', message: TASK_GROUPS_UNSUPPORTED, reason: 'REASON_TASK_GROUP_INVALID' }));
}

/** SUBSCRIBE, offering again the tasks and updates the agent has not acknowledged. */
export function subscribe(context: ExecutorContext): Command[] {
  return [
    {
      type: 'agent.subscribe',
      unacknowledgedTasks: Object.values(context.tasks)
        .filter((task) => !task.acknowledged)
        .map((task) => task.taskInfo),
      unacknowledgedUpdates: Object.keys(context.unacknowledged),
    },
  ];
}

/** The agent acknowledged an update the outbox holds: it is dropped there, from logs of the version that records it. */
export function forgetUpdate(context: ExecutorContext, event: Input): Command[] {
  if (event.type !== 'mesos.acknowledged' || !(event.uuid in context.unacknowledged) || !decides(context.settings.logVersion, 'forgetAcknowledged')) return [];
  return [{ type: 'status.forget', uuid: event.uuid }];
}

/** Each of the session's timers, for as long as its settings say. */
export function startTimer(context: ExecutorContext, event: Input, { timer }: { timer: ExecutorTimer }): Command[] {
  const { settings } = context;
  const ms = {
    acknowledgements: () => settings.acknowledgementWaitMs,
    recovery: () => settings.recoveryTimeoutMs,
    resubscribe: () => resubscribeDelayMs(context.resubscribeAttempts, settings.subscriptionBackoffMaxMs, event.type === 'mesos.disconnected' ? event.jitter : undefined),
    // Leave before the agent destroys the container at the end of the grace, which would fail every task.
    shutdown: () => settings.shutdownGraceMs - Math.min(500, settings.shutdownGraceMs / 10),
  }[timer]();
  return [{ type: 'timer.start', name: TIMERS[timer], ms }];
}

export function cancelTimer(_context: ExecutorContext, _event: Input, { timer }: { timer: ExecutorTimer }): Command[] {
  return [{ type: 'timer.cancel', name: TIMERS[timer] }];
}

export function exitExecutor(context: ExecutorContext): Command[] {
  return [{ type: 'executor.exit', code: 0, reason: context.exitReason }];
}
