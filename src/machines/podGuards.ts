import type { Input } from '../events/inputs.js';
import { isFrameworkCheckTimer } from './frameworkHealth.js';
import { keepsWhatIsLeft, timerNames, type PodContext } from './podFacts.js';
import { anyServiceActive, everyContainerGone, everyEssentialServiceCompleted, everyServiceReady } from './serviceStates.js';

/** The pod chart's guards, as plain predicates. */

export type PodGuard<P = undefined> = (context: PodContext, event: Input, params: P) => boolean;

export const knownService: PodGuard = (context, event) => 'service' in event && context.services[event.service] !== undefined;

/** Something already decided how the pod ends. */
export const outcomeDecided: PodGuard = (context) => context.outcome !== null;

export const shorterGrace: PodGuard = (context, event) => event.type === 'mesos.kill' && event.gracePeriodMs !== undefined && event.gracePeriodMs < context.killGraceMs;

export const servicesReady: PodGuard = (context) => context.plan !== null && everyServiceReady(context.plan, context.services);

export const servicesCompleted: PodGuard = (context) => context.plan !== null && everyEssentialServiceCompleted(context.plan, context.services);

export const podQuiet: PodGuard = (context) => !anyServiceActive(context.services);

const podGone = (context: PodContext): boolean =>
  keepsWhatIsLeft(context) ||
  (everyContainerGone(context.services) && Object.keys(context.networks).length === 0 && Object.keys(context.volumes).length === 0);

/** Nothing of the pod is left to remove (or it is all kept): the ending can be told, and may be the executor's last act. */
export const removalSettled: PodGuard = (context) => !context.reported && podGone(context);

export const podRemoved: PodGuard = (context) => context.reported && podGone(context);

export type PodTimer = keyof ReturnType<typeof timerNames>;

export const isTimer: PodGuard<PodTimer> = (context, event, name) => event.type === 'timer.fired' && event.name === timerNames(context.task.taskId)[name];

export const isCheckTimer: PodGuard = (context, event) => isFrameworkCheckTimer(context, event);
