import { assign, enqueueActions, setup } from 'xstate';
import type { Command } from '../events/commands.js';
import { TERMINAL_STATES, type TaskState } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import * as commands from './executorCommands.js';
import { newGroupTasks, podShutdownGraceMs, TIMERS, type ExecutorContext, type ExecutorSettings, type ExecutorTimer } from './executorCommands.js';
import { decides } from './logVersions.js';

export { podShutdownGraceMs, resubscribeDelayMs, TASK_GROUPS_UNSUPPORTED, type ExecutorContext, type ExecutorSettings } from './executorCommands.js';

type CommandAction = { type: 'command'; params: Command };

/** A named action that issues the commands a plain function gives. */
const issue = <P = undefined>(give: (context: ExecutorContext, event: Input, params: P) => Command[]) =>
  enqueueActions<ExecutorContext, Input, P, Input, never, CommandAction, never, never, never>(({ context, event, enqueue }, params) => {
    for (const command of give(context, event, params)) enqueue({ type: 'command', params: command });
  });

/**
 * The executor's session with its Mesos agent: subscribe, re-subscribe after
 * a disconnection when the framework checkpoints, shut down when told, and
 * exit once every task is terminal and its last update acknowledged. Pods
 * are not its business: it asks the decider to kill them with `killPods`.
 */

/** Told and torn down: a failure is reported before its pod is gone, and the executor must outlive the pod. */
const everyTaskTerminal = (context: ExecutorContext) => Object.values(context.tasks).every((task) => task.terminal && !task.podUp);

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
            tasks: task && terminal && !task.terminal ? { ...context.tasks, [event.taskId]: { ...task, terminal: true } } : context.tasks,
          };
        }
        case 'pod.ended': {
          const task = context.tasks[event.taskId];
          return task ? { tasks: { ...context.tasks, [event.taskId]: { ...task, podUp: false } } } : {};
        }
        case 'mesos.acknowledged': {
          if (!(event.uuid in context.unacknowledged)) return {};
          const unacknowledged = { ...context.unacknowledged };
          delete unacknowledged[event.uuid];
          const task = context.tasks[event.taskId];
          return {
            unacknowledged,
            tasks: task && !task.acknowledged ? { ...context.tasks, [event.taskId]: { ...task, acknowledged: true } } : context.tasks,
          };
        }
        default:
          return {};
      }
    }),
    subscribe: issue(commands.subscribe),
    failTaskGroup: issue(commands.failTaskGroup),
    forgetUpdate: issue(commands.forgetUpdate),
    startTimer: issue<{ timer: ExecutorTimer }>(commands.startTimer),
    cancelTimer: issue<{ timer: ExecutorTimer }>(commands.cancelTimer),
    exit: issue(commands.exitExecutor),
    noteCapabilities: assign(({ event }) => (event.type === 'mesos.subscribed' ? { frameworkCapabilities: event.frameworkCapabilities } : {})),
    countResubscription: assign(({ context }) => ({ resubscribeAttempts: context.resubscribeAttempts + 1 })),
    resetResubscriptions: assign({ resubscribeAttempts: 0 }),
    /** Why the executor will exit: the reason its pods are ended with, and its executor.exit gives. */
    recordExitReason: assign((_, params: { reason: string }) => ({ exitReason: params.reason })),
  },
  guards: {
    checkpointing: ({ context }) => context.settings.checkpoint,
    acknowledgesPendingUpdate: ({ context, event }) =>
      event.type === 'mesos.acknowledged' && event.uuid in context.unacknowledged && decides(context.settings.logVersion, 'forgetAcknowledged'),
    settled: ({ context }) => everyTaskTerminal(context) && Object.keys(context.unacknowledged).length === 0,
    everyTaskTerminal: ({ context }) => everyTaskTerminal(context),
    everyLaunchedTaskTerminal: ({ context }) => Object.keys(context.tasks).length > 0 && everyTaskTerminal(context),
    isTimer: ({ event }, name: string) => event.type === 'timer.fired' && event.name === name,
  },
});

const exitWith = (reason: string) => ({ type: 'recordExitReason', params: { reason } }) as const;

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
    'mesos.launch_group': { actions: ['failTaskGroup', 'track'] },
    'update.queued': { actions: 'track' },
    'mesos.acknowledged': [
      {
        guard: 'acknowledgesPendingUpdate',
        actions: ['forgetUpdate', 'track'],
      },
      { actions: 'track' },
    ],
  },
  states: {
    subscribing: {
      entry: 'subscribe',
      on: {
        'mesos.subscribed': { target: 'subscribed', actions: 'noteCapabilities' },
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
          entry: { type: 'startTimer', params: { timer: 'acknowledgements' } },
          exit: { type: 'cancelTimer', params: { timer: 'acknowledgements' } },
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
      entry: { type: 'startTimer', params: { timer: 'recovery' } },
      exit: { type: 'cancelTimer', params: { timer: 'recovery' } },
      initial: 'backingOff',
      states: {
        backingOff: {
          entry: { type: 'startTimer', params: { timer: 'resubscribe' } },
          on: {
            'timer.fired': { guard: { type: 'isTimer', params: TIMERS.resubscribe }, target: 'resubscribing' },
          },
        },
        resubscribing: {
          entry: ['countResubscription', 'subscribe'],
          on: {
            'mesos.subscribed': { target: '#executor.subscribed', actions: ['noteCapabilities', 'resetResubscriptions'] },
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
        { type: 'startTimer', params: { timer: 'shutdown' } },
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
      entry: 'exit',
      type: 'final',
    },
  },
});
