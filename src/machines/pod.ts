import { assign, setup } from 'xstate';
import type { PodPlan } from '../compose/podPlan.js';
import type { Command, TaskState } from '../events/commands.js';
import type { Input, InputOf, LaunchedTask } from '../events/inputs.js';
import {
  anyServiceActive,
  everyContainerGone,
  everyServiceRunning,
  initialServiceStates,
  servicesReadyToCreate,
  servicesReadyToStop,
  servicesToRemove,
  withService,
  type ServiceStates,
} from './serviceStates.js';

/**
 * One Mesos task: a pod of containers from its compose plan, from LAUNCH to
 * its terminal status update. Pure: every effect leaves as a `command`
 * action whose params are the command, carried out by the adapters.
 */

export interface PodInput {
  task: LaunchedTask;
  /** Grace when neither the KILL nor the TaskInfo gives one. */
  defaultKillGraceMs: number;
  /** The framework accepts TASK_KILLING. */
  taskKillingState: boolean;
}

/** How the pod ends, decided by whatever ended it first. */
export interface PodOutcome {
  state: Extract<TaskState, 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_FINISHED'>;
  message: string;
  reason?: string;
}

export interface PodContext {
  task: LaunchedTask;
  defaultKillGraceMs: number;
  taskKillingState: boolean;
  plan: PodPlan | null;
  services: ServiceStates;
  network: { id?: string; removing?: boolean };
  outcome: PodOutcome | null;
  killGraceMs: number;
  /** What cleanup failed to remove, told in the terminal update. */
  leftBehind: string[];
}

/** Inputs for this pod, plus `mesos.kill` also sent by the executor on shutdown. */
export type PodEvent = Input;

const killTimer = (context: PodContext) => `${context.task.taskId}/kill-grace`;

function failureOf(event: Input, services: ServiceStates): PodOutcome {
  switch (event.type) {
    case 'container.died': {
      const oom = services[event.service]?.oomKilled;
      return {
        state: 'TASK_FAILED',
        message: `service ${event.service} exited with code ${event.exitCode}${oom ? ' (out of memory)' : ''}`,
        ...(oom ? { reason: 'REASON_CONTAINER_LIMITATION_MEMORY' } : {}),
      };
    }
    case 'container.create_failed':
      return { state: 'TASK_FAILED', message: `service ${event.service}: ${event.message}`, reason: 'REASON_CONTAINER_LAUNCH_FAILED' };
    case 'container.start_failed':
      return { state: 'TASK_FAILED', message: `service ${event.service} did not start: ${event.message}`, reason: 'REASON_CONTAINER_LAUNCH_FAILED' };
    case 'network.create_failed':
      return { state: 'TASK_FAILED', message: `pod network: ${event.message}`, reason: 'REASON_CONTAINER_LAUNCH_FAILED' };
    case 'pod.plan_failed':
      return { state: 'TASK_FAILED', message: event.message, reason: 'REASON_TASK_INVALID' };
    default:
      return { state: 'TASK_FAILED', message: `unexpected ${event.type}` };
  }
}

const pod = setup({
  types: {
    context: {} as PodContext,
    events: {} as PodEvent,
    input: {} as PodInput,
  },
  actions: {
    /** Carried out by an adapter; the params are the whole command. */
    command: (_, _command: Command) => {},
    recordFailure: assign({
      outcome: ({ context, event }) => context.outcome ?? failureOf(event, context.services),
    }),
    recordKill: assign({
      outcome: ({ context }, params: { duringLaunch: boolean }) =>
        context.outcome ?? {
          state: 'TASK_KILLED' as const,
          message: params.duringLaunch ? 'killed while launching' : 'killed',
          ...(params.duringLaunch ? { reason: 'REASON_TASK_KILLED_DURING_LAUNCH' } : {}),
        },
      killGraceMs: ({ context, event }) => {
        const requested = (event as InputOf<'mesos.kill'>).gracePeriodMs;
        return requested !== undefined ? Math.min(requested, context.killGraceMs) : context.killGraceMs;
      },
    }),
    markDied: assign({
      services: ({ context, event }) => {
        const died = event as InputOf<'container.died'>;
        return withService(context.services, died.service, { phase: 'exited', exitCode: died.exitCode });
      },
    }),
  },
  guards: {
    usesPodNetwork: ({ context }) => context.plan?.services.some((service) => service.network.kind === 'pod') ?? false,
    everyServiceRunning: ({ context }) => everyServiceRunning(context.services),
    podQuiet: ({ context }) => !anyServiceActive(context.services),
    podRemoved: ({ context }) => everyContainerGone(context.services) && !context.network.id,
    knownContainer: ({ context, event }) => 'service' in event && context.services[event.service] !== undefined,
  },
});

const createReadyServices = pod.enqueueActions(({ context, enqueue }) => {
    const plan = context.plan;
    if (!plan) return;
    let services = context.services;
    for (const service of servicesReadyToCreate(plan, services)) {
      if (service.network.kind === 'pod' && !context.network.id) continue;
      const joined = service.network.kind === 'service' ? services[service.network.service]?.containerId : undefined;
      services = withService(services, service.name, { phase: 'creating' });
      enqueue({
        type: 'command',
        params: {
          type: 'container.create',
          taskId: context.task.taskId,
          service,
          ...(service.network.kind === 'pod' ? { network: plan.network.name } : {}),
          ...(joined ? { joinContainerId: joined } : {}),
        },
      });
    }
    enqueue.assign({ services });
});

const stopReadyServices = pod.enqueueActions(({ context, enqueue }) => {
    const plan = context.plan;
    if (!plan) return;
    let services = context.services;
    for (const service of servicesReadyToStop(plan, services)) {
      const containerId = services[service.name]?.containerId;
      if (!containerId) continue;
      services = withService(services, service.name, { phase: 'stopping' });
      const grace = Math.min(context.killGraceMs, (service.stopGracePeriodSeconds ?? Infinity) * 1000);
      enqueue({
        type: 'command',
        params: {
          type: 'container.stop',
          taskId: context.task.taskId,
          service: service.name,
          containerId,
          graceSeconds: Math.max(0, Math.ceil(grace / 1000)),
        },
      });
    }
    enqueue.assign({ services });
});

const removeContainers = pod.enqueueActions(({ context, enqueue }) => {
    let services = context.services;
    for (const [service, containerId] of servicesToRemove(services)) {
      services = withService(services, service, { phase: 'removing' });
      enqueue({ type: 'command', params: { type: 'container.remove', taskId: context.task.taskId, service, containerId } });
    }
    enqueue.assign({ services });
});

const removeNetworkOnceEmpty = pod.enqueueActions(({ context, enqueue }) => {
    if (!context.network.id || context.network.removing || !everyContainerGone(context.services)) return;
    enqueue.assign({ network: { ...context.network, removing: true } });
    enqueue({ type: 'command', params: { type: 'network.remove', taskId: context.task.taskId, networkId: context.network.id } });
});


export const podMachine = pod.createMachine({
  id: 'pod',
  context: ({ input }) => ({
    task: input.task,
    defaultKillGraceMs: input.defaultKillGraceMs,
    taskKillingState: input.taskKillingState,
    plan: null,
    services: {},
    network: {},
    outcome: null,
    killGraceMs: input.task.killGracePeriodMs ?? input.defaultKillGraceMs,
    leftBehind: [],
  }),
  initial: 'planning',
  on: {
    // Docker reports an OOM kill before the die that follows it.
    'container.oom': { guard: 'knownContainer', actions: assign({ services: ({ context, event }) => withService(context.services, event.service, { oomKilled: true }) }) },
  },
  states: {
    planning: {
      entry: [
        { type: 'command', params: ({ context }) => ({ type: 'status.send', taskId: context.task.taskId, state: 'TASK_STARTING' }) },
        { type: 'command', params: ({ context }) => ({ type: 'pod.plan', taskId: context.task.taskId, task: context.task }) },
      ],
      on: {
        'pod.planned': {
          target: 'launching',
          actions: assign({ plan: ({ event }) => event.plan, services: ({ event }) => initialServiceStates(event.plan) }),
        },
        'pod.plan_failed': { target: 'reporting', actions: 'recordFailure' },
        'mesos.kill': { target: 'reporting', actions: { type: 'recordKill', params: { duringLaunch: true } } },
      },
    },
    launching: {
      entry: pod.enqueueActions(({ context, enqueue, check }) => {
        if (check({ type: 'usesPodNetwork' })) {
          enqueue({
            type: 'command',
            params: { type: 'network.create', taskId: context.task.taskId, name: context.plan!.network.name, labels: context.plan!.network.labels },
          });
        }
        enqueue(createReadyServices);
      }),
      on: {
        'network.created': { actions: [assign({ network: ({ event }) => ({ id: event.networkId }) }), createReadyServices] },
        'container.created': {
          guard: 'knownContainer',
          actions: [
            assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'starting', containerId: event.containerId }) }),
            { type: 'command', params: ({ context, event }) => ({ type: 'container.start', taskId: context.task.taskId, service: event.service, containerId: event.containerId }) },
          ],
        },
        'container.started': [
          {
            guard: 'knownContainer',
            actions: [assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'running' }) }), createReadyServices],
          },
        ],
        'container.died': { guard: 'knownContainer', target: 'stopping', actions: ['recordFailure', 'markDied'] },
        'container.create_failed': {
          target: 'stopping',
          actions: ['recordFailure', assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'gone' }) })],
        },
        'container.start_failed': {
          target: 'stopping',
          actions: ['recordFailure', assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'exited' }) })],
        },
        'network.create_failed': { target: 'stopping', actions: 'recordFailure' },
        'mesos.kill': { target: 'stopping', actions: { type: 'recordKill', params: { duringLaunch: true } } },
      },
      always: { guard: 'everyServiceRunning', target: 'running' },
    },
    running: {
      entry: { type: 'command', params: ({ context }) => ({ type: 'status.send', taskId: context.task.taskId, state: 'TASK_RUNNING' }) },
      on: {
        'container.died': { guard: 'knownContainer', target: 'stopping', actions: ['recordFailure', 'markDied'] },
        'mesos.kill': { target: 'stopping', actions: { type: 'recordKill', params: { duringLaunch: false } } },
      },
    },
    stopping: {
      entry: pod.enqueueActions(({ context, enqueue }) => {
        if (context.outcome?.state === 'TASK_KILLED' && context.taskKillingState) {
          enqueue({ type: 'command', params: { type: 'status.send', taskId: context.task.taskId, state: 'TASK_KILLING' } });
        }
        enqueue({ type: 'command', params: { type: 'timer.start', taskId: context.task.taskId, name: killTimer(context), ms: context.killGraceMs } });
        enqueue(stopReadyServices);
      }),
      on: {
        'container.created': {
          guard: 'knownContainer',
          actions: assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'exited', containerId: event.containerId }) }),
        },
        'container.create_failed': { actions: assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'gone' }) }) },
        'container.started': {
          guard: 'knownContainer',
          actions: [assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'running' }) }), stopReadyServices],
        },
        'container.start_failed': { actions: assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'exited' }) }) },
        'container.stopped': {
          guard: 'knownContainer',
          actions: [assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'exited' }) }), stopReadyServices],
        },
        'container.died': { guard: 'knownContainer', actions: ['markDied', stopReadyServices] },
        'timer.fired': { target: 'removing' },
      },
      always: { guard: 'podQuiet', target: 'removing' },
    },
    removing: {
      // Removal is forced, so it also kills whatever outlived the grace period.
      entry: [
        { type: 'command', params: ({ context }) => ({ type: 'timer.cancel', name: killTimer(context) }) },
        removeContainers,
        removeNetworkOnceEmpty,
      ],
      on: {
        'container.created': {
          guard: 'knownContainer',
          actions: [
            assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'exited', containerId: event.containerId }) }),
            removeContainers,
          ],
        },
        'container.create_failed': { actions: [assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'gone' }) }), removeNetworkOnceEmpty] },
        'container.removed': {
          guard: 'knownContainer',
          actions: [assign({ services: ({ context, event }) => withService(context.services, event.service, { phase: 'gone' }) }), removeNetworkOnceEmpty],
        },
        'container.remove_failed': {
          guard: 'knownContainer',
          actions: [
            assign({
              services: ({ context, event }) => withService(context.services, event.service, { phase: 'gone' }),
              leftBehind: ({ context, event }) => [...context.leftBehind, `container of ${event.service} (${event.message})`],
            }),
            removeNetworkOnceEmpty,
          ],
        },
        'network.removed': { actions: assign({ network: {} }) },
        'network.remove_failed': {
          actions: assign({ network: {}, leftBehind: ({ context, event }) => [...context.leftBehind, `pod network (${event.message})`] }),
        },
      },
      always: { guard: 'podRemoved', target: 'reporting' },
    },
    reporting: {
      always: {
        target: 'ended',
        actions: {
          type: 'command',
          params: ({ context }) => ({
            type: 'status.send',
            taskId: context.task.taskId,
            state: context.outcome?.state ?? 'TASK_FAILED',
            message:
              (context.outcome?.message ?? 'pod ended for no recorded reason') +
              (context.leftBehind.length > 0 ? `; could not remove ${context.leftBehind.join(', ')}` : ''),
            ...(context.outcome?.reason ? { reason: context.outcome.reason } : {}),
          }),
        },
      },
    },
    ended: { type: 'final' },
  },
});
