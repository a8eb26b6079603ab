import { assign, setup } from 'xstate';
import type { PodPlan, ServicePlan } from '../compose/podPlan.js';
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
  /** Each image the pod needs, by reference: pulled (or found) yet or not. */
  images: Record<string, 'pulling' | 'ready'>;
  outcome: PodOutcome | null;
  killGraceMs: number;
  /** What cleanup failed to remove, told in the terminal update. */
  leftBehind: string[];
}

/** Inputs for this pod, plus `mesos.kill` also sent by the executor on shutdown. */
export type PodEvent = Input;

/** Each image once, with the most eager pull policy among the services that use it. */
function imagesToPull(plan: PodPlan): Record<string, NonNullable<ServicePlan['pullPolicy']>> {
  const eagerness = { never: 0, missing: 1, always: 2 } as const;
  const images: Record<string, NonNullable<ServicePlan['pullPolicy']>> = {};
  for (const service of plan.services) {
    const policy = service.pullPolicy ?? 'missing';
    const known = images[service.image];
    if (!known || eagerness[policy] > eagerness[known]) images[service.image] = policy;
  }
  return images;
}

const killTimer = (context: PodContext) => `${context.task.taskId}/kill-grace`;

function failureOf(event: Input, context: PodContext): PodOutcome {
  const services = context.services;
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
    case 'image.pull_failed': {
      const users = (context.plan?.services ?? []).filter((service) => service.image === event.image).map((service) => service.name);
      const who = users.length > 0 ? `service${users.length > 1 ? 's' : ''} ${users.join(', ')}: ` : '';
      return { state: 'TASK_FAILED', message: `${who}image ${event.image}: ${event.message}`, reason: 'REASON_CONTAINER_LAUNCH_FAILED' };
    }
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
      outcome: ({ context, event }) => context.outcome ?? failureOf(event, context),
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
      if (context.images[service.image] !== 'ready') continue;
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
    images: {},
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
        const images = imagesToPull(context.plan!);
        enqueue.assign({ images: Object.fromEntries(Object.keys(images).map((image) => [image, 'pulling' as const])) });
        for (const [image, policy] of Object.entries(images)) {
          enqueue({ type: 'command', params: { type: 'image.pull', taskId: context.task.taskId, image, policy } });
        }
      }),
      on: {
        'image.ready': { actions: [assign({ images: ({ context, event }) => ({ ...context.images, [event.image]: 'ready' as const }) }), createReadyServices] },
        'image.pull_failed': { target: 'stopping', actions: 'recordFailure' },
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
