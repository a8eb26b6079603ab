import type { Command } from '../events/commands.js';
import type { InputOf } from '../events/inputs.js';
import { keepsWhatIsLeft, timerNames, type PodContext } from './podFacts.js';
import { stopOrPreStop } from './podHooks.js';
import { serviceAfter, type PodAction } from './podStep.js';
import { decides } from './logVersions.js';
import { everyContainerGone, servicesReadyToStop, servicesStoppedToRemove, servicesToRemove } from './serviceStates.js';

/** The pod's actions once it ends: stop its containers from the leaves up, then remove them, its networks and its volumes. */

export const startKillTimer: PodAction = (context) => {
  const taskId = context.task.taskId;
  return { commands: [{ type: 'timer.start', taskId, name: timerNames(taskId).kill, ms: context.killGraceMs }] };
};

export const cancelKillTimer: PodAction = (context) => ({ commands: [{ type: 'timer.cancel', name: timerNames(context.task.taskId).kill }] });

/** A second KILL with a shorter grace shortens the kill under way. */
export const shortenGrace: PodAction = (_context, event) => ({ changes: { killGraceMs: (event as InputOf<'mesos.kill'>).gracePeriodMs! } });

/** Running services that nothing still up depends on are stopped, each within its own grace and the pod's, after its pre_stop hooks. */
export const stopReadyServices: PodAction = (context) => {
  const plan = context.plan;
  if (!plan) return {};
  let services = context.services;
  const commands: Command[] = [];
  for (const service of servicesReadyToStop(plan, services)) {
    const containerId = services[service.name]?.containerId;
    if (!containerId) continue;
    services = serviceAfter(services, service.name, { type: 'stop' });
    commands.push(stopOrPreStop(context, service, containerId));
  }
  return { changes: { services }, commands };
};

/** The removal of each container named, each service marked as being removed. */
function removeEach(context: PodContext, containers: Iterable<readonly [string, string]>): ReturnType<PodAction> {
  let services = context.services;
  const commands: Command[] = [];
  for (const [service, containerId] of containers) {
    services = serviceAfter(services, service, { type: 'remove' });
    commands.push({ type: 'container.remove', taskId: context.task.taskId, service, containerId });
  }
  return { changes: { services }, commands };
}

/** Removal is forced, so it also kills whatever outlived the grace period; kept pods keep their containers. */
export const removeContainers: PodAction = (context) => (keepsWhatIsLeft(context) ? {} : removeEach(context, servicesToRemove(context.services)));

/**
 * While the pod stops, each container that has stopped is removed at once
 * (as Compose's `down` does), so the removals overlap the stops still under
 * way; what outlives the grace is removed, forced, on entering removing.
 */
export const removeStoppedContainers: PodAction = (context) => {
  if (!context.plan || keepsWhatIsLeft(context) || !decides(context.logVersion, 'removeOnceStopped')) return {};
  return removeEach(context, servicesStoppedToRemove(context.plan, context.services));
};

/** Once no container is left, the pod's networks and volumes go too. */
export const removeNetworkOnceEmpty: PodAction = (context) => {
  if (keepsWhatIsLeft(context) || !everyContainerGone(context.services)) return {};
  const taskId = context.task.taskId;
  const commands: Command[] = [];
  const networks = { ...context.networks };
  for (const [name, network] of Object.entries(context.networks)) {
    if (network.phase !== 'created' || !network.id) continue;
    networks[name] = { ...network, phase: 'removing' };
    commands.push({ type: 'network.remove', taskId, name, networkId: network.id });
  }
  const volumes = { ...context.volumes };
  for (const [name, phase] of Object.entries(context.volumes)) {
    if (phase !== 'present') continue;
    volumes[name] = 'removing';
    commands.push({ type: 'volume.remove', taskId, name });
  }
  return { changes: { networks, volumes }, commands };
};

export const forgetNetwork: PodAction = (context, event) => {
  const { [(event as { name?: string }).name ?? '']: _gone, ...rest } = context.networks;
  return { changes: { networks: rest } };
};

export const forgetVolume: PodAction = (context, event) => {
  const { [(event as { name?: string }).name ?? '']: _gone, ...rest } = context.volumes;
  return { changes: { volumes: rest } };
};

/** What could not be removed is told in the terminal update. */
export const recordLeftBehind: PodAction<{ kind: 'container' | 'network' | 'volume' }> = (context, event, { kind }) => {
  const failed = event as { name?: string; service?: string; message: string };
  const what = kind === 'container' ? `container of ${failed.service}` : `${kind} ${failed.name}`;
  return { changes: { leftBehind: [...context.leftBehind, `${what} (${failed.message})`] } };
};
