import type { InputOf } from '../events/inputs.js';
import { failureOf, type PodOutcome } from './podFacts.js';
import type { PodAction } from './podStep.js';
import { waitingFor } from './serviceStates.js';

/** How the pod ends: whatever decides it first wins, and later deciders keep it. */

const decide = (context: { outcome: PodOutcome | null }, outcome: () => PodOutcome) => ({ changes: { outcome: context.outcome ?? outcome() } });

/** An adapter reported a failure: a plan, an image, a network, a container, a plugin. */
export const recordFailure: PodAction = (context, event) => decide(context, () => failureOf(event, context));

export const recordKill: PodAction<{ duringLaunch: boolean }> = (context, event, { duringLaunch }) => {
  const requested = (event as InputOf<'mesos.kill'>).gracePeriodMs;
  return {
    changes: {
      outcome: context.outcome ?? {
        state: 'TASK_KILLED',
        message: duringLaunch ? 'killed while launching' : 'killed',
        ...(duringLaunch ? { reason: 'REASON_TASK_KILLED_DURING_LAUNCH' } : {}),
      },
      killGraceMs: requested !== undefined ? Math.min(requested, context.killGraceMs) : context.killGraceMs,
    },
  };
};

export const recordLaunchTimeout: PodAction = (context) =>
  decide(context, () => ({
    state: 'TASK_FAILED',
    inspectable: true,
    message: `launch timed out after ${context.launchTimeoutMs / 1000}s: ${waitingFor(context.plan!, context.services, context.images).join('; ')}`,
    reason: 'REASON_CONTAINER_LAUNCH_FAILED',
  }));

/** A service stayed unhealthy for the whole grace. */
export const recordUnhealthy: PodAction = (context) =>
  decide(context, () => {
    const sick = Object.entries(context.services).filter(([, state]) => state.health === 'unhealthy').map(([name]) => name);
    return { state: 'TASK_FAILED', message: `unhealthy: ${sick.join(', ') || 'a service'}`, inspectable: true, reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED' };
  });

export const recordFinished: PodAction = (context) => decide(context, () => ({ state: 'TASK_FINISHED', message: 'every essential service completed' }));

/** Processes that outlived even the executor's own SIGKILL: the task is not killed, whatever was asked. */
export const recordProcessesLeft: PodAction = (context, event) => {
  const failed = event as InputOf<'container.remove_failed'>;
  if (!failed.processesLeft?.length || context.outcome?.state === 'TASK_FAILED') return { changes: {} };
  return {
    changes: {
      outcome: { state: 'TASK_FAILED', message: `${context.outcome?.message ?? 'ended'}; processes of service ${failed.service} still run (pids ${failed.processesLeft.join(', ')})` },
    },
  };
};
