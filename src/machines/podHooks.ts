import type { ServicePlan } from '../compose/podPlan.js';
import type { Command, HookStage } from '../events/commands.js';
import type { InputOf } from '../events/inputs.js';
import { decides } from './logVersions.js';
import { planOf, type PodContext } from './podFacts.js';
import type { PodAction } from './podStep.js';
import { withService } from './serviceStates.js';

/**
 * `post_start` and `pre_stop` hooks, as Compose runs them (docker/compose
 * pkg/compose/convergence.go, down.go): one after another in the service's
 * container, the next once the last exited. A service counts as started
 * only when its `post_start` hooks all exited 0, so its dependants wait;
 * one that fails fails the task, as it fails `docker compose up`. The
 * `pre_stop` hooks run before the container's stop. Compose leaves a
 * container running when one fails; a Mesos kill must end the task, so the
 * container is stopped anyway, its failure kept in the log. The kill grace
 * covers the hooks: the stop gets what they left of it (Compose gives the
 * stop its whole timeout after them, but a Mesos kill must end in its
 * grace). A step that issues a command changes the snapshot
 * (`changes: {}`), so replay draws it.
 */

const hookCommand = (context: PodContext, service: ServicePlan, containerId: string, stage: HookStage, index: number): Command => ({
  type: 'container.exec_hook',
  taskId: context.task.taskId,
  service: service.name,
  containerId,
  stage,
  index,
  hook: (stage === 'post_start' ? service.postStart : service.preStop)![index]!,
  // Compose attaches a hook's exec with the service's `tty` (hook.go).
  ...(service.tty === true && decides(context.logVersion, 'hookTty') ? { tty: true } : {}),
});

/** The stop of a service's container, within its own grace and what its `pre_stop` hooks (`spentMs`) left of the pod's. */
export const stopCommand = (context: PodContext, service: ServicePlan, containerId: string, spentMs = 0): Command => {
  const grace = Math.min(context.killGraceMs - spentMs, (service.stopGracePeriodSeconds ?? Infinity) * 1000);
  return { type: 'container.stop', taskId: context.task.taskId, service: service.name, containerId, graceSeconds: Math.max(0, Math.ceil(grace / 1000)) };
};

/** A service's stop: its first `pre_stop` hook when it has one, the stop itself after the last. */
export const stopOrPreStop = (context: PodContext, service: ServicePlan, containerId: string): Command =>
  service.preStop?.length ? hookCommand(context, service, containerId, 'pre_stop', 0) : stopCommand(context, service, containerId);

/** The container started: its first `post_start` hook runs. */
export const runPostStart: PodAction = (context, event) => {
  const name = (event as InputOf<'container.started'>).service;
  const state = context.services[name];
  const service = planOf(context, name);
  if (state?.postStarted !== false || !state.containerId || !service?.postStart?.length) return {};
  return { commands: [hookCommand(context, service, state.containerId, 'post_start', 0)] };
};

/** A `post_start` hook exited 0: the next runs, or the service has started. */
export const afterPostStartHook: PodAction = (context, event) => {
  const done = event as InputOf<'container.hook_done'>;
  const state = context.services[done.service];
  const service = planOf(context, done.service);
  if (done.stage !== 'post_start' || state?.postStarted !== false || !state.containerId || !service?.postStart) return {};
  if (done.index + 1 < service.postStart.length) return { changes: {}, commands: [hookCommand(context, service, state.containerId, 'post_start', done.index + 1)] };
  return { changes: { services: withService(context.services, done.service, { postStarted: true }) } };
};

/** A `pre_stop` hook ended: the next runs if it exited 0, else (or after the last) the container stops. */
export const afterPreStopHook: PodAction = (context, event) => {
  const ended = event as InputOf<'container.hook_done'> | InputOf<'container.hook_failed'>;
  const state = context.services[ended.service];
  const service = planOf(context, ended.service);
  // A container that died meanwhile is still stopped: its `stopped` answer settles the pod. One being removed needs no stop.
  if (ended.stage !== 'pre_stop' || state?.phase !== 'stopping' || !state.containerId || !service?.preStop) return {};
  const next = ended.index + 1;
  const spent = decides(context.logVersion, 'stopWithinGraceLeft') ? (state.preStopMs ?? 0) + (ended.tookMs ?? 0) : 0;
  const changes = spent > 0 ? { services: withService(context.services, ended.service, { preStopMs: spent }) } : {};
  if (ended.type === 'container.hook_done' && next < service.preStop.length) return { changes, commands: [hookCommand(context, service, state.containerId, 'pre_stop', next)] };
  return { changes, commands: [stopCommand(context, service, state.containerId, spent)] };
};
