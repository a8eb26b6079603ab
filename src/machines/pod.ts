import { assign, setup } from 'xstate';
import { containersJoined, type PodPlan } from '../compose/podPlan.js';
import type { Command } from '../events/commands.js';
import type { Input, InputOf } from '../events/inputs.js';
import { judgeExit } from './exitVerdict.js';
import { combinedHealth, frameworkCheckStep, initialChecks, isFrameworkCheckTimer, startFrameworkChecks, stopFrameworkChecks } from './frameworkHealth.js';
import { failureOf, formatDuration, imagesToBuild, imagesToPull, keepsWhatIsLeft, podDetails, networksOf, networksToCreate, planRequest, timerNames, type PodContext, type PodInput, type PodOutcome } from './podFacts.js';
import {
  anyServiceActive,
  everyContainerGone,
  everyEssentialServiceCompleted,
  everyServiceReady,
  hasHealthcheck,
  initialServiceStates,
  readyToStart,
  servicesReadyToCreate,
  servicesReadyToStop,
  servicesToRemove,
  waitingFor,
  withService,
  type ServiceStates,
} from './serviceStates.js';

/**
 * One Mesos task: a pod of containers from its compose plan, from LAUNCH to
 * its terminal status update. Pure: every effect leaves as a `command`
 * action whose params are the command, carried out by the adapters.
 */

export type { PodContext, PodInput, PodOutcome } from './podFacts.js';

type Died = InputOf<'container.died'>;

const pod = setup({
  types: {
    context: {} as PodContext,
    events: {} as Input,
    input: {} as PodInput,
  },
  actions: {
    /** Carried out by an adapter; the params are the whole command. */
    command: (_, _command: Command) => {},
    recordFailure: assign({ outcome: ({ context, event }) => context.outcome ?? failureOf(event, context) }),
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
    markExited: assign({
      services: ({ context, event }) => {
        const died = event as Died;
        // A service we asked to stop is stopped when `docker stop` returns: Docker may still list it running just after its death.
        const stopping = context.services[died.service]?.phase === 'stopping';
        return withService(context.services, died.service, { phase: stopping ? 'stopping' : 'exited', exitCode: died.exitCode });
      },
    }),
  },
  guards: {
    knownService: ({ context, event }) => 'service' in event && context.services[event.service] !== undefined,
    /** A death that counts: Docker and the reconciliation may both report one exit. */
    liveServiceDied: ({ context, event }) => {
      if (event.type !== 'container.died') return false;
      const phase = context.services[event.service]?.phase;
      // While Docker restarts a service, only the reconciliation can tell that it gave up.
      return phase === 'starting' || phase === 'running' || (phase === 'restarting' && event.reconciled === true);
    },
    /** Something already decided how the pod ends. */
    outcomeDecided: ({ context }) => context.outcome !== null,
    shorterGrace: ({ context, event }) => event.type === 'mesos.kill' && event.gracePeriodMs !== undefined && event.gracePeriodMs < context.killGraceMs,
    everyServiceReady: ({ context }) => context.plan !== null && everyServiceReady(context.plan, context.services),
    everyServiceCompleted: ({ context }) => context.plan !== null && everyEssentialServiceCompleted(context.plan, context.services),
    podQuiet: ({ context }) => !anyServiceActive(context.services),
    /** Nothing of the pod is left to remove (or it is all kept): the ending can be told, and may be the executor's last act. */
    removalSettled: ({ context }) => !context.reported && podGone(context),
    podRemoved: ({ context }) => context.reported && podGone(context),
    isTimer: ({ context, event }, name: keyof ReturnType<typeof timerNames>) =>
      event.type === 'timer.fired' && event.name === timerNames(context.task.taskId)[name],
    isCheckTimer: ({ context, event }) => isFrameworkCheckTimer(context, event),
  },
});

const command = (params: Command) => ({ type: 'command' as const, params });

const podGone = (context: PodContext): boolean =>
  keepsWhatIsLeft(context) ||
  (everyContainerGone(context.services) && Object.keys(context.networks).length === 0 && Object.keys(context.volumes).length === 0);

const createReadyServices = pod.enqueueActions(({ context, enqueue }) => {
  const plan = context.plan;
  if (!plan) return;
  let services = context.services;
  for (const service of servicesReadyToCreate(plan, services)) {
    if (networksOf(service, plan).some((name) => context.networks[name] !== undefined && context.networks[name].phase !== 'created')) continue;
    if (context.images[service.image] !== 'ready') continue;
    const joined = service.network.kind === 'service' ? services[service.network.service]?.containerId : undefined;
    // Containers whose pid, ipc or volumes this one shares, by id: names are the user's to reuse.
    const ids = Object.fromEntries(
      containersJoined(service).flatMap((name) => {
        const id = services[name]?.containerId;
        return id ? [[name, id]] : [];
      }),
    );
    services = withService(services, service.name, { phase: 'creating' });
    enqueue(
      command({
        type: 'container.create',
        taskId: context.task.taskId,
        service,
        ...(service.network.kind === 'pod' ? { network: plan.network.name } : {}),
        ...(joined ? { joinContainerId: joined } : {}),
        ...(Object.keys(ids).length > 0 ? { containerIds: ids } : {}),
      }),
    );
  }
  enqueue.assign({ services });
});

/** Created services whose dependencies now run are started. */
const startReadyServices = pod.enqueueActions(({ context, enqueue }) => {
  const plan = context.plan;
  if (!plan) return;
  let services = context.services;
  for (const service of plan.services) {
    const state = services[service.name];
    if (state?.phase !== 'created' || !state.containerId || !readyToStart(service, services)) continue;
    services = withService(services, service.name, { phase: 'starting' });
    enqueue(command({ type: 'container.start', taskId: context.task.taskId, service: service.name, containerId: state.containerId }));
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
    enqueue(
      command({ type: 'container.stop', taskId: context.task.taskId, service: service.name, containerId, graceSeconds: Math.max(0, Math.ceil(grace / 1000)) }),
    );
  }
  enqueue.assign({ services });
});

const removeContainers = pod.enqueueActions(({ context, enqueue }) => {
  if (keepsWhatIsLeft(context)) return;
  let services = context.services;
  for (const [service, containerId] of servicesToRemove(services)) {
    services = withService(services, service, { phase: 'removing' });
    enqueue(command({ type: 'container.remove', taskId: context.task.taskId, service, containerId }));
  }
  enqueue.assign({ services });
});

/** Once no container is left, the pod's networks and volumes go too. */
const removeNetworkOnceEmpty = pod.enqueueActions(({ context, enqueue }) => {
  if (keepsWhatIsLeft(context) || !everyContainerGone(context.services)) return;
  const taskId = context.task.taskId;
  const networks = { ...context.networks };
  for (const [name, network] of Object.entries(context.networks)) {
    if (network.phase !== 'created' || !network.id) continue;
    networks[name] = { ...network, phase: 'removing' };
    enqueue(command({ type: 'network.remove', taskId, name, networkId: network.id }));
  }
  const volumes = { ...context.volumes };
  for (const [name, phase] of Object.entries(context.volumes)) {
    if (phase !== 'present') continue;
    volumes[name] = 'removing';
    enqueue(command({ type: 'volume.remove', taskId, name }));
  }
  enqueue.assign({ networks, volumes });
});

const forgetNetwork = pod.assign({
  networks: ({ context, event }) => {
    const { [(event as unknown as { name: string }).name]: _gone, ...rest } = context.networks;
    return rest;
  },
});

const forgetVolume = pod.assign({
  volumes: ({ context, event }) => {
    const { [(event as unknown as { name: string }).name]: _gone, ...rest } = context.volumes;
    return rest;
  },
});

/**
 * Judges a death by the service's restart policy: complete, restarting, or
 * the end of the pod; a non-essential service's failure is only reported.
 */
const judgeDeath = (reportSidecars: boolean) => pod.enqueueActions(({ context, event, enqueue }) => {
  const died = event as Died;
  const service = context.plan?.services.find((candidate) => candidate.name === died.service);
  const state = context.services[died.service];
  if (!service || !state) return;
  const oomKilled = state.oomKilled === true || died.oomKilled === true;
  const verdict =
    state.phase === 'restarting'
      ? { kind: 'failed' as const, message: `service ${service.name} exited with code ${died.exitCode} and Docker did not restart it` }
      : judgeExit(service, state, { exitCode: died.exitCode, oomKilled, vanished: died.vanished === true });
  const phase = verdict.kind === 'failed' ? 'exited' : verdict.kind;
  const services = withService(context.services, died.service, {
    phase,
    exitCode: died.exitCode,
    restarts: state.restarts + (verdict.kind === 'restarting' ? 1 : 0),
    ...(hasHealthcheck(service) ? { health: 'starting' as const } : {}),
  });
  enqueue.assign({ services });
  if (verdict.kind !== 'failed' || context.outcome) return;
  if (service.essential === false) {
    if (reportSidecars) {
      const healthy = context.reportedHealthy;
      enqueue(
        command({
          type: 'status.send',
          taskId: context.task.taskId,
          state: 'TASK_RUNNING',
          message: `${verdict.message}; it is not essential, so the pod goes on`,
          ...(healthy !== undefined ? { healthy } : {}),
          ...podDetails(context, services),
        }),
      );
    }
    return;
  }
  const outcome: PodOutcome = { state: 'TASK_FAILED', message: verdict.message, inspectable: true, ...(verdict.reason ? { reason: verdict.reason } : {}) };
  enqueue.assign({ outcome });
});

/** What the plan rewrote or ignored of the files reaches the framework's user once, as a second TASK_STARTING, before anything runs. */
const reportPlanWarnings = pod.enqueueActions(({ context, event, enqueue }) => {
  const warnings = event.type === 'pod.planned' ? (event.plan.warnings ?? []) : [];
  if (warnings.length === 0) return;
  const shown = warnings.slice(0, 5).join('; ');
  const message = `${warnings.length} compose warning${warnings.length === 1 ? '' : 's'}: ${shown}${warnings.length > 5 ? '; ...' : ''}`;
  enqueue(command({ type: 'status.send', taskId: context.task.taskId, state: 'TASK_STARTING', message, ...podDetails(context) }));
});

/** A change of the pod's health is a TASK_RUNNING update; an unhealthy service fails the pod after a grace, if so configured. */
const reportHealthChange = pod.enqueueActions(({ context, enqueue }) => {
  if (!context.plan) return;
  const taskId = context.task.taskId;
  const healthy = combinedHealth(context.plan, context.services, context.checks);
  if (healthy !== undefined && healthy !== context.reportedHealthy) {
    enqueue.assign({ reportedHealthy: healthy });
    enqueue(command({ type: 'status.send', taskId, state: 'TASK_RUNNING', healthy, reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', ...podDetails(context) }));
  }
  const unhealthy = Object.values(context.services).some((state) => state.health === 'unhealthy');
  const timer = timerNames(taskId).unhealthy;
  if (unhealthy && !context.unhealthyTimer && context.unhealthy.policy === 'fail') {
    enqueue.assign({ unhealthyTimer: true });
    enqueue(command({ type: 'timer.start', taskId, name: timer, ms: context.unhealthy.graceMs }));
  } else if (!unhealthy && context.unhealthyTimer) {
    enqueue.assign({ unhealthyTimer: false });
    enqueue(command({ type: 'timer.cancel', name: timer }));
  }
});

/** The framework's health check and check: timers, runs and results, folded in frameworkHealth.ts. */
const foldFrameworkCheck = pod.enqueueActions(({ context, event, enqueue }) => {
  const step = frameworkCheckStep(context, event);
  if (!step) return;
  enqueue.assign(step.changes);
  for (const next of step.commands) enqueue(command(next));
});

const setService = (phase: ServiceStates[string]['phase']) =>
  pod.assign({
    services: ({ context, event }) => {
      const e = event as unknown as { service: string; containerId?: string };
      return withService(context.services, e.service, { phase, ...(e.containerId ? { containerId: e.containerId } : {}) });
    },
  });

/** The pod's addresses are those of the container that holds its network namespace: the infra service, or the first with its own. */
const recordAddresses = pod.assign({
  addresses: ({ context, event }) => {
    const started = event as InputOf<'container.started'>;
    if (context.addresses.length > 0 || !started.ipAddresses?.length || !context.plan) return context.addresses;
    const holder = context.plan.infra ?? context.plan.services.find((service) => service.network.kind === 'pod')?.name;
    return started.service === holder ? started.ipAddresses : context.addresses;
  },
});

/**
 * The terminal update, once, and only when the pod is gone (containers,
 * networks, volumes, or kept as `cleanup` says): with no executor resources
 * the agent destroys the executor right after it. A failure goes out as soon
 * as it is decided, so Mesos learns of it in milliseconds, only when the
 * ExecutorInfo has cpus and mem, so the executor outlives its update and the
 * teardown cannot be lost.
 */
const reportEnding = pod.enqueueActions(({ context, enqueue }) => {
  if (context.reported) return;
  enqueue.assign({ reported: true });
  enqueue(
    command({
      type: 'status.send',
      taskId: context.task.taskId,
      state: context.outcome?.state ?? 'TASK_FAILED',
      message:
        (context.outcome?.message ?? 'pod ended for no recorded reason') +
        (context.leftBehind.length > 0 ? `; could not remove ${context.leftBehind.join(', ')}` : '') +
        (keepsWhatIsLeft(context) && context.plan
          ? `; its stopped containers are kept for ${formatDuration(context.cleanup.keptForMs)} ` +
            `(docker ps -a --filter label=taskId=${context.task.taskId}), then compose-executor gc removes them`
          : ''),
      ...(context.outcome?.reason ? { reason: context.outcome.reason } : {}),
      ...podDetails(context),
    }),
  );
});

const recordHealth = pod.assign({
  services: ({ context, event }) => {
    const health = event as InputOf<'container.health'>;
    return withService(context.services, health.service, { health: health.status });
  },
});

const finishWhenEveryServiceCompleted = {
  guard: 'everyServiceCompleted' as const,
  target: 'stopping' as const,
  actions: pod.assign({
    outcome: ({ context }) => context.outcome ?? { state: 'TASK_FINISHED' as const, message: 'every essential service completed' },
  }),
};

export const podMachine = pod.createMachine({
  id: 'pod',
  context: ({ input }) => ({
    ...input,
    plan: null as PodPlan | null,
    services: {},
    networks: {},
    volumes: {},
    images: {},
    outcome: null,
    killGraceMs: input.task.killGracePeriodMs ?? input.defaultKillGraceMs,
    leftBehind: [],
    reported: false,
    addresses: [],
    unhealthyTimer: false,
    checks: initialChecks(input.task),
  }),
  initial: 'planning',
  on: {
    // Docker reports an OOM kill before the death that follows it.
    'container.oom': { guard: 'knownService', actions: assign({ services: ({ context, event }) => withService(context.services, event.service, { oomKilled: true }) }) },
    // A network still being created when the pod turned to stopping: keep it to remove, or forget it.
    'network.created': {
      actions: [
        assign({ networks: ({ context, event }) => ({ ...context.networks, [event.name]: { phase: 'created' as const, id: event.networkId } }) }),
        removeNetworkOnceEmpty,
      ],
    },
    'network.create_failed': { actions: forgetNetwork },
  },
  states: {
    planning: {
      entry: [
        { type: 'command', params: ({ context }) => ({ type: 'status.send', taskId: context.task.taskId, state: 'TASK_STARTING', ...podDetails(context), ...(context.task.hostNotice ? { message: context.task.hostNotice } : {}) }) },
        { type: 'command', params: ({ context }) => ({ type: 'pod.plan', ...planRequest(context) }) },
      ],
      on: {
        'pod.planned': {
          target: 'launching',
          actions: [
            assign({ plan: ({ event }) => event.plan, services: ({ event }) => initialServiceStates(event.plan) }),
            reportPlanWarnings,
          ],
        },
        'pod.plan_failed': { target: 'reporting', actions: 'recordFailure' },
        'mesos.kill': { target: 'reporting', actions: { type: 'recordKill', params: { duringLaunch: true } } },
      },
    },
    launching: {
      entry: pod.enqueueActions(({ context, enqueue }) => {
        const plan = context.plan!;
        const taskId = context.task.taskId;
        enqueue(command({ type: 'timer.start', taskId, name: timerNames(taskId).launch, ms: context.launchTimeoutMs }));
        const networks = networksToCreate(plan);
        enqueue.assign({
          networks: Object.fromEntries(networks.map((network) => [network.name, { phase: 'creating' as const }])),
          volumes: Object.fromEntries((plan.volumes ?? []).map((volume) => [volume.name, 'present' as const])),
        });
        for (const network of networks) {
          enqueue(
            command({
              type: 'network.create',
              taskId,
              name: network.name,
              labels: network.labels,
              ...(network.driver ? { driver: network.driver } : {}),
              ...(network.driverOptions ? { driverOptions: network.driverOptions } : {}),
              ...(network.internal ? { internal: true } : {}),
              ...(network.subnets ? { subnets: network.subnets } : {}),
              ...(network.ipamDriver ? { ipamDriver: network.ipamDriver } : {}),
              ...(network.ipamOptions ? { ipamOptions: network.ipamOptions } : {}),
              ...(network.enableIpv6 !== undefined ? { enableIpv6: network.enableIpv6 } : {}),
            }),
          );
        }
        const images = imagesToPull(plan);
        const builds = imagesToBuild(plan);
        enqueue.assign({ images: Object.fromEntries([...Object.keys(images), ...Object.keys(builds)].map((image) => [image, 'pulling' as const])) });
        for (const [image, policy] of Object.entries(images)) enqueue(command({ type: 'image.pull', taskId, image, policy }));
        for (const [image, build] of Object.entries(builds)) enqueue(command({ type: 'image.build', taskId, image, build }));
      }),
      exit: { type: 'command', params: ({ context }) => ({ type: 'timer.cancel', name: timerNames(context.task.taskId).launch }) },
      on: {
        'image.ready': { actions: [assign({ images: ({ context, event }) => ({ ...context.images, [event.image]: 'ready' as const }) }), createReadyServices] },
        'image.pull_failed': { target: 'stopping', actions: 'recordFailure' },
        'image.build_failed': { target: 'stopping', actions: 'recordFailure' },
        'network.created': {
          actions: [
            assign({ networks: ({ context, event }) => ({ ...context.networks, [event.name]: { phase: 'created' as const, id: event.networkId } }) }),
            createReadyServices,
          ],
        },
        'network.create_failed': { target: 'stopping', actions: ['recordFailure', forgetNetwork] },
        'container.created': { guard: 'knownService', actions: [setService('created'), startReadyServices, createReadyServices] },
        'container.create_failed': { target: 'stopping', actions: ['recordFailure', setService('gone')] },
        'container.started': { guard: 'knownService', actions: [setService('running'), recordAddresses, startReadyServices, createReadyServices] },
        'container.running': { guard: 'knownService', actions: [setService('running'), startReadyServices, createReadyServices] },
        'container.start_failed': { target: 'stopping', actions: ['recordFailure', setService('exited')] },
        'container.health': { guard: 'knownService', actions: [recordHealth, createReadyServices] },
        'container.died': { guard: 'liveServiceDied', actions: [judgeDeath(false), createReadyServices] },
        'mesos.kill': { target: 'stopping', actions: { type: 'recordKill', params: { duringLaunch: true } } },
        'plugin.failed': { target: 'stopping', actions: 'recordFailure' },
        'timer.fired': {
          guard: { type: 'isTimer', params: 'launch' },
          target: 'stopping',
          actions: assign({
            outcome: ({ context }) =>
              context.outcome ?? {
                state: 'TASK_FAILED' as const,
                inspectable: true,
                message: `launch timed out after ${context.launchTimeoutMs / 1000}s: ${waitingFor(context.plan!, context.services, context.images).join('; ')}`,
                reason: 'REASON_CONTAINER_LAUNCH_FAILED',
              },
          }),
        },
      },
      always: [
        { guard: 'outcomeDecided', target: 'stopping' },
        finishWhenEveryServiceCompleted,
        { guard: 'everyServiceReady', target: 'running' },
      ],
    },
    running: {
      entry: pod.enqueueActions(({ context, enqueue }) => {
        const healthy = combinedHealth(context.plan!, context.services, context.checks);
        enqueue.assign({ reportedHealthy: healthy });
        enqueue(command({ type: 'status.send', taskId: context.task.taskId, state: 'TASK_RUNNING', ...(healthy !== undefined ? { healthy } : {}), ...podDetails(context) }));
        for (const start of startFrameworkChecks(context)) enqueue(command(start));
      }),
      exit: pod.enqueueActions(({ context, enqueue }) => {
        enqueue(command({ type: 'timer.cancel', name: timerNames(context.task.taskId).unhealthy }));
        for (const cancel of stopFrameworkChecks(context)) enqueue(command(cancel));
      }),
      on: {
        'container.died': { guard: 'liveServiceDied', actions: [judgeDeath(true), reportHealthChange] },
        'container.running': { guard: 'knownService', actions: [setService('running'), reportHealthChange] },
        // Docker's start event can overtake the start call's answer, which brings the pod's addresses.
        'container.started': { guard: 'knownService', actions: recordAddresses },
        'container.health': { guard: 'knownService', actions: [recordHealth, reportHealthChange] },
        'mesos.kill': { target: 'stopping', actions: { type: 'recordKill', params: { duringLaunch: false } } },
        'plugin.failed': { target: 'stopping', actions: 'recordFailure' },
        'check.passed': { actions: foldFrameworkCheck },
        'check.failed': { actions: foldFrameworkCheck },
        'timer.fired': [
          { guard: 'isCheckTimer', actions: foldFrameworkCheck },
          {
            guard: { type: 'isTimer', params: 'unhealthy' },
            target: 'stopping',
            actions: assign({
              outcome: ({ context }) => {
                const sick = Object.entries(context.services).filter(([, state]) => state.health === 'unhealthy').map(([name]) => name);
                return context.outcome ?? { state: 'TASK_FAILED' as const, message: `unhealthy: ${sick.join(', ') || 'a service'}`, inspectable: true, reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED' };
              },
            }),
          },
        ],
      },
      always: [{ guard: 'outcomeDecided', target: 'stopping' }, finishWhenEveryServiceCompleted],
    },
    stopping: {
      entry: pod.enqueueActions(({ context, enqueue }) => {
        const taskId = context.task.taskId;
        if (context.outcome?.state === 'TASK_FAILED' && context.task.executorResourced === true) enqueue(reportEnding);
        if (context.outcome?.state === 'TASK_KILLED' && context.taskKillingState) {
          enqueue(command({ type: 'status.send', taskId, state: 'TASK_KILLING', ...podDetails(context) }));
        }
        enqueue(command({ type: 'timer.start', taskId, name: timerNames(taskId).kill, ms: context.killGraceMs }));
        enqueue(stopReadyServices);
      }),
      on: {
        'container.created': { guard: 'knownService', actions: setService('exited') },
        'container.create_failed': { actions: setService('gone') },
        'container.started': { guard: 'knownService', actions: [setService('running'), stopReadyServices] },
        'container.running': { guard: 'knownService', actions: [setService('running'), stopReadyServices] },
        'container.start_failed': { guard: 'knownService', actions: setService('exited') },
        'container.stopped': { guard: 'knownService', actions: [setService('exited'), stopReadyServices] },
        'container.died': { guard: 'knownService', actions: ['markExited', stopReadyServices] },
        'timer.fired': { guard: { type: 'isTimer', params: 'kill' }, target: 'removing' },
        // A second KILL with a shorter grace shortens the kill under way.
        'mesos.kill': {
          guard: 'shorterGrace',
          actions: [
            assign({ killGraceMs: ({ event }) => (event as InputOf<'mesos.kill'>).gracePeriodMs! }),
            {
              type: 'command',
              params: ({ context }) => ({ type: 'timer.start', taskId: context.task.taskId, name: timerNames(context.task.taskId).kill, ms: context.killGraceMs }),
            },
          ],
        },
      },
      always: { guard: 'podQuiet', target: 'removing' },
    },
    removing: {
      // Removal is forced, so it also kills whatever outlived the grace period.
      entry: [{ type: 'command', params: ({ context }) => ({ type: 'timer.cancel', name: timerNames(context.task.taskId).kill }) }, removeContainers, removeNetworkOnceEmpty],
      on: {
        'container.created': { guard: 'knownService', actions: [setService('exited'), removeContainers] },
        'container.create_failed': { actions: [setService('gone'), removeNetworkOnceEmpty] },
        'container.removed': { guard: 'knownService', actions: [setService('gone'), removeNetworkOnceEmpty] },
        'container.remove_failed': {
          guard: 'knownService',
          actions: [
            setService('gone'),
            assign({
              leftBehind: ({ context, event }) => [...context.leftBehind, `container of ${event.service} (${event.message})`],
              // Processes that outlived even the executor's own SIGKILL: the task is not killed, whatever was asked.
              outcome: ({ context, event }) =>
                event.processesLeft?.length && context.outcome?.state !== 'TASK_FAILED'
                  ? {
                      state: 'TASK_FAILED' as const,
                      message: `${context.outcome?.message ?? 'ended'}; processes of service ${event.service} still run (pids ${event.processesLeft.join(', ')})`,
                    }
                  : context.outcome,
            }),
            removeNetworkOnceEmpty,
          ],
        },
        'network.removed': { actions: forgetNetwork },
        'network.remove_failed': {
          actions: [forgetNetwork, assign({ leftBehind: ({ context, event }) => [...context.leftBehind, `network ${event.name} (${event.message})`] })],
        },
        'volume.removed': { actions: forgetVolume },
        'volume.remove_failed': {
          actions: [forgetVolume, assign({ leftBehind: ({ context, event }) => [...context.leftBehind, `volume ${event.name} (${event.message})`] })],
        },
      },
      always: [
        { guard: 'removalSettled', actions: reportEnding },
        { guard: 'podRemoved', target: 'ended' },
      ],
    },
    reporting: {
      always: { target: 'ended', actions: reportEnding },
    },
    ended: { type: 'final' },
  },
});
