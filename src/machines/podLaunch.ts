import { containersJoined } from '../compose/podPlan.js';
import type { PodPlan } from '../compose/podPlan.js';
import type { Command } from '../events/commands.js';
import type { InputOf } from '../events/inputs.js';
import { imagesToBuild, imagesToPull, networksOf, networksToCreate, planRequest, podDetails, timerNames } from './podFacts.js';
import { serviceAfter, type PodAction } from './podStep.js';
import { initialServiceStates, readyToStart, servicesReadyToCreate, withService } from './serviceStates.js';

/** The pod's actions from LAUNCH until every service runs: plan, networks, images, then containers in dependency order. */

export const reportStarting: PodAction = (context) => ({
  commands: [{ type: 'status.send', taskId: context.task.taskId, state: 'TASK_STARTING', ...podDetails(context), ...(context.task.hostNotice ? { message: context.task.hostNotice } : {}) }],
});

export const planPod: PodAction = (context) => ({ commands: [{ type: 'pod.plan', ...planRequest(context) }] });

export const recordPlan: PodAction = (_context, event) => {
  const { plan } = event as InputOf<'pod.planned'>;
  return { changes: { plan, services: initialServiceStates(plan) } };
};

export const startLaunchTimer: PodAction = (context) => {
  const taskId = context.task.taskId;
  return { commands: [{ type: 'timer.start', taskId, name: timerNames(taskId).launch, ms: context.launchTimeoutMs }] };
};

export const cancelLaunchTimer: PodAction = (context) => ({ commands: [{ type: 'timer.cancel', name: timerNames(context.task.taskId).launch }] });

export const createNetworks: PodAction = (context) => {
  const plan = context.plan!;
  const taskId = context.task.taskId;
  const networks = networksToCreate(plan);
  return {
    changes: {
      networks: Object.fromEntries(networks.map((network) => [network.name, { phase: 'creating' as const }])),
      volumes: Object.fromEntries((plan.volumes ?? []).map((volume) => [volume.name, 'present' as const])),
    },
    commands: networks.map((network) => ({
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
    })),
  };
};

/**
 * The pull of one image: the platform its services name, and a periodic
 * `pull_policy` (planned as `always` with a period) as a refresh when every
 * service of the image has a period, the shortest winning. Plans without
 * either give the command older logs recorded.
 */
function pullCommand(plan: PodPlan, taskId: string, image: string, policy: 'always' | 'missing' | 'never'): Command {
  const services = plan.services.filter((service) => service.image === image);
  const platform = services.find((service) => service.platform !== undefined)?.platform;
  const periods = services.map((service) => service.pullRefreshAfterMs);
  const refresh = policy === 'always' && periods.every((period) => period !== undefined) ? Math.min(...(periods as number[])) : undefined;
  return {
    type: 'image.pull',
    taskId,
    image,
    ...(refresh === undefined ? { policy } : { policy: 'refresh', refreshAfterMs: refresh }),
    ...(platform === undefined ? {} : { platform }),
  };
}

/** Each image pulled or built once, whichever services share it. */
export const fetchImages: PodAction = (context) => {
  const plan = context.plan!;
  const taskId = context.task.taskId;
  const images = imagesToPull(plan);
  const builds = imagesToBuild(plan);
  return {
    changes: { images: Object.fromEntries([...Object.keys(images), ...Object.keys(builds)].map((image) => [image, 'pulling' as const])) },
    commands: [
      ...Object.entries(images).map(([image, policy]): Command => pullCommand(plan, taskId, image, policy)),
      ...Object.entries(builds).map(([image, build]): Command => ({ type: 'image.build', taskId, image, build })),
    ],
  };
};

export const recordImage: PodAction = (context, event) => ({ changes: { images: { ...context.images, [(event as InputOf<'image.ready'>).image]: 'ready' } } });

export const recordNetwork: PodAction = (context, event) => {
  const created = event as InputOf<'network.created'>;
  return { changes: { networks: { ...context.networks, [created.name]: { phase: 'created', id: created.networkId } } } };
};

/** Pending services whose image, networks and dependencies are ready are created. */
export const createReadyServices: PodAction = (context) => {
  const plan = context.plan;
  if (!plan) return {};
  let services = context.services;
  const commands: Command[] = [];
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
    services = serviceAfter(services, service.name, { type: 'create' });
    commands.push({
      type: 'container.create',
      taskId: context.task.taskId,
      service,
      ...(service.network.kind === 'pod' ? { network: plan.network.name } : {}),
      ...(joined ? { joinContainerId: joined } : {}),
      ...(Object.keys(ids).length > 0 ? { containerIds: ids } : {}),
    });
  }
  return { changes: { services }, commands };
};

/** Created services whose dependencies now run are started. */
export const startReadyServices: PodAction = (context) => {
  const plan = context.plan;
  if (!plan) return {};
  let services = context.services;
  const commands: Command[] = [];
  for (const service of plan.services) {
    const state = services[service.name];
    if (state?.phase !== 'created' || !state.containerId || !readyToStart(service, services)) continue;
    services = serviceAfter(services, service.name, { type: 'start' });
    commands.push({ type: 'container.start', taskId: context.task.taskId, service: service.name, containerId: state.containerId });
  }
  return { changes: { services }, commands };
};

/** The pod's addresses are those of the container that holds its network namespace: the infra service, or the first with its own. */
export const recordAddresses: PodAction = (context, event) => {
  const started = event as InputOf<'container.started'>;
  if (context.addresses.length > 0 || !started.ipAddresses?.length || !context.plan) return { changes: {} };
  const holder = context.plan.infra ?? context.plan.services.find((service) => service.network.kind === 'pod')?.name;
  return { changes: started.service === holder ? { addresses: started.ipAddresses } : {} };
};

export const recordHealth: PodAction = (context, event) => {
  const health = event as InputOf<'container.health'>;
  return { changes: { services: withService(context.services, health.service, { health: health.status }) } };
};
