import { assign, setup } from 'xstate';
import type { Command } from '../events/commands.js';
import { TERMINAL_STATES, type TaskState } from '../events/commands.js';
import type { Input, InputOf } from '../events/inputs.js';
import type { ExecutorSettings } from '../events/settings.js';

/**
 * The executor's session with its Mesos agent: subscribe, re-subscribe after
 * a disconnection when the framework checkpoints, shut down when told, and
 * exit once every task is terminal and its last update acknowledged. Pods
 * are not its business: it asks the decider to kill them with `killPods`.
 */

interface TaskRecord {
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

const TIMERS = {
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

/** Told and torn down: a failure is reported before its pod is gone, and the executor must outlive the pod. */
const everyTaskTerminal = (context: ExecutorContext) => Object.values(context.tasks).every((task) => task.terminal && !task.podUp);

/** The part of the shutdown grace the pods get; the rest is for removal and the last updates. */
export function podShutdownGraceMs(shutdownGraceMs: number): number {
  return shutdownGraceMs - Math.min(2000, shutdownGraceMs / 2);
}

const executor = setup({
  types: {
    context: {} as ExecutorContext,
    events: {} as Input,
    input: {} as ExecutorSettings,
  },
  actions: {
    command: (_, _command: Command) => {},
    /** Handled by the decider, which owns the pods. */
    killPods: (_, _params: { gracePeriodMs?: number; reason: string }) => {},
    track: assign(({ context, event }) => {
      switch (event.type) {
        case 'mesos.launch':
          return {
            tasks: { ...context.tasks, [event.task.taskId]: { taskInfo: event.taskInfo, acknowledged: false, terminal: false, podUp: true } },
          };
        case 'mesos.launch_group': {
          const tasks = { ...context.tasks };
          newGroupTasks(context, event).forEach(([taskId, taskInfo]) => (tasks[taskId] = { taskInfo, acknowledged: false, terminal: false, podUp: false }));
          return { tasks };
        }
        case 'update.queued': {
          const task = context.tasks[event.taskId];
          const terminal = TERMINAL_STATES.has(event.state as TaskState);
          return {
            unacknowledged: { ...context.unacknowledged, [event.uuid]: { taskId: event.taskId, state: event.state } },
            tasks: task ? { ...context.tasks, [event.taskId]: { ...task, terminal: task.terminal || terminal } } : context.tasks,
          };
        }
        case 'pod.ended': {
          const task = context.tasks[event.taskId];
          return task ? { tasks: { ...context.tasks, [event.taskId]: { ...task, podUp: false } } } : {};
        }
        case 'mesos.acknowledged': {
          if (!(event.uuid in context.unacknowledged)) return {};
          const { [event.uuid]: _acknowledged, ...unacknowledged } = context.unacknowledged;
          const task = context.tasks[event.taskId];
          return {
            unacknowledged,
            tasks: task ? { ...context.tasks, [event.taskId]: { ...task, acknowledged: true } } : context.tasks,
          };
        }
        default:
          return {};
      }
    }),
  },
  guards: {
    checkpointing: ({ context }) => context.settings.checkpoint,
    settled: ({ context }) => everyTaskTerminal(context) && Object.keys(context.unacknowledged).length === 0,
    everyTaskTerminal: ({ context }) => everyTaskTerminal(context),
    everyLaunchedTaskTerminal: ({ context }) => Object.keys(context.tasks).length > 0 && everyTaskTerminal(context),
    isTimer: ({ event }, name: string) => event.type === 'timer.fired' && event.name === name,
  },
});

/** A group's tasks whose ids are not taken: a status for a taken id would be read as the running task's. */
function newGroupTasks(context: ExecutorContext, group: InputOf<'mesos.launch_group'>): Array<[string, Record<string, unknown>]> {
  return group.taskIds.flatMap((taskId, index) =>
    taskId in context.tasks || group.taskIds.indexOf(taskId) !== index ? [] : [[taskId, group.taskInfos[index] ?? {}] as [string, Record<string, unknown>]],
  );
}

const failTaskGroup = executor.enqueueActions(({ context, event, enqueue }) => {
  if (event.type !== 'mesos.launch_group') return;
  for (const [taskId] of newGroupTasks(context, event)) {
    enqueue({ type: 'command', params: { type: 'status.send', taskId, state: 'TASK_FAILED', message: TASK_GROUPS_UNSUPPORTED, reason: 'REASON_TASK_GROUP_INVALID' } });
  }
});

const subscribe = executor.enqueueActions(({ context, enqueue }) => {
  enqueue({
    type: 'command',
    params: {
      type: 'agent.subscribe',
      unacknowledgedTasks: Object.values(context.tasks)
        .filter((task) => !task.acknowledged)
        .map((task) => task.taskInfo),
      unacknowledgedUpdates: Object.keys(context.unacknowledged),
    },
  });
});

const exitWith = (reason: string) => executor.assign({ exitReason: reason });

export const executorMachine = executor.createMachine({
  id: 'executor',
  context: ({ input }) => ({
    settings: input,
    frameworkCapabilities: [],
    tasks: {},
    unacknowledged: {},
    resubscribeAttempts: 0,
    exitReason: '',
  }),
  initial: 'subscribing',
  on: {
    'mesos.launch': { actions: 'track' },
    'pod.ended': { actions: 'track' },
    // Failed before tracked, so that the failure names only the tasks tracking takes in.
    'mesos.launch_group': { actions: [failTaskGroup, 'track'] },
    'update.queued': { actions: 'track' },
    'mesos.acknowledged': { actions: 'track' },
  },
  states: {
    subscribing: {
      entry: subscribe,
      on: {
        'mesos.subscribed': {
          target: 'subscribed',
          actions: assign({ frameworkCapabilities: ({ event }) => event.frameworkCapabilities }),
        },
        // The agent answers SUBSCRIBE with SHUTDOWN alone when it has nothing for this executor.
        'mesos.shutdown': 'shuttingDown',
        'mesos.disconnected': [
          { guard: 'checkpointing', target: 'recovering' },
          { target: 'orphaned', actions: exitWith('the agent closed the first subscription') },
        ],
      },
    },
    subscribed: {
      initial: 'serving',
      states: {
        serving: {
          always: { guard: 'everyLaunchedTaskTerminal', target: 'draining' },
        },
        draining: {
          entry: {
            type: 'command',
            params: ({ context }) => ({ type: 'timer.start', name: TIMERS.acknowledgements, ms: context.settings.acknowledgementWaitMs }),
          },
          exit: { type: 'command', params: { type: 'timer.cancel', name: TIMERS.acknowledgements } },
          on: {
            // Another task arrived while the last one's updates were being acknowledged: keep serving.
            'mesos.launch': { target: 'serving', actions: 'track' },
            'timer.fired': {
              guard: { type: 'isTimer', params: TIMERS.acknowledgements },
              target: '#executor.exiting',
              actions: exitWith('every task ended; the agent did not acknowledge the last updates in time'),
            },
          },
          always: { guard: 'settled', target: '#executor.exiting', actions: exitWith('every task ended and the agent acknowledged it') },
        },
      },
      on: {
        'mesos.shutdown': 'shuttingDown',
        'mesos.disconnected': [
          { guard: 'checkpointing', target: 'recovering' },
          { target: 'orphaned', actions: exitWith('the agent disconnected and the framework does not checkpoint') },
        ],
      },
    },
    recovering: {
      entry: { type: 'command', params: ({ context }) => ({ type: 'timer.start', name: TIMERS.recovery, ms: context.settings.recoveryTimeoutMs }) },
      exit: { type: 'command', params: { type: 'timer.cancel', name: TIMERS.recovery } },
      initial: 'backingOff',
      states: {
        backingOff: {
          entry: {
            type: 'command',
            params: ({ context, event }) => ({
              type: 'timer.start',
              name: TIMERS.resubscribe,
              ms: resubscribeDelayMs(
                context.resubscribeAttempts,
                context.settings.subscriptionBackoffMaxMs,
                event.type === 'mesos.disconnected' ? event.jitter : undefined,
              ),
            }),
          },
          on: {
            'timer.fired': { guard: { type: 'isTimer', params: TIMERS.resubscribe }, target: 'resubscribing' },
          },
        },
        resubscribing: {
          entry: [assign({ resubscribeAttempts: ({ context }) => context.resubscribeAttempts + 1 }), subscribe],
          on: {
            'mesos.subscribed': {
              target: '#executor.subscribed',
              actions: assign({ frameworkCapabilities: ({ event }) => event.frameworkCapabilities, resubscribeAttempts: 0 }),
            },
            'mesos.disconnected': 'backingOff',
          },
        },
      },
      on: {
        // A real agent answers a re-SUBSCRIBE with SHUTDOWN and closes the stream when it, the framework or this
        // executor is terminating (an earlier SHUTDOWN lost on a dead stream, --recover=cleanup).
        'mesos.shutdown': '#executor.shuttingDown',
        'timer.fired': {
          guard: { type: 'isTimer', params: TIMERS.recovery },
          target: 'orphaned',
          actions: exitWith('could not re-subscribe to the agent within the recovery timeout'),
        },
      },
    },
    orphaned: {
      // Without an agent, no update can be delivered: end the pods and leave.
      entry: { type: 'killPods', params: ({ context }) => ({ reason: context.exitReason }) },
      always: { guard: 'everyTaskTerminal', target: 'exiting' },
      on: {
        'mesos.launch': { actions: 'track' },
      },
    },
    shuttingDown: {
      entry: [
        { type: 'killPods', params: ({ context }) => ({ gracePeriodMs: podShutdownGraceMs(context.settings.shutdownGraceMs), reason: 'the agent asked the executor to shut down' }) },
        // Leave before the agent destroys the container at the end of the grace, which would fail every task.
        { type: 'command', params: ({ context }) => ({ type: 'timer.start', name: TIMERS.shutdown, ms: context.settings.shutdownGraceMs - Math.min(500, context.settings.shutdownGraceMs / 10) }) },
        exitWith('the agent asked the executor to shut down'),
      ],
      always: { guard: 'settled', target: 'exiting' },
      on: {
        'timer.fired': {
          guard: { type: 'isTimer', params: TIMERS.shutdown },
          target: 'exiting',
          actions: exitWith('the shutdown grace period ran out'),
        },
      },
    },
    exiting: {
      entry: { type: 'command', params: ({ context }) => ({ type: 'executor.exit', code: 0, reason: context.exitReason }) },
      type: 'final',
    },
  },
});
