import type { Command } from '../events/commands.js';
import { combinedHealth, frameworkCheckStep, startFrameworkChecks, stopFrameworkChecks } from './frameworkHealth.js';
import { formatDuration, keepsWhatIsLeft, podDetails, timerNames } from './podFacts.js';
import type { PodAction } from './podStep.js';

/** What the pod tells Mesos while it runs and when it ends: status updates, and the health watch behind them. */

/** What the plan rewrote or ignored of the files reaches the framework's user once, as a second TASK_STARTING, before anything runs. */
export const reportPlanWarnings: PodAction = (context, event) => {
  const warnings = event.type === 'pod.planned' ? (event.plan.warnings ?? []) : [];
  if (warnings.length === 0) return {};
  const shown = warnings.slice(0, 5).join('; ');
  const message = `${warnings.length} compose warning${warnings.length === 1 ? '' : 's'}: ${shown}${warnings.length > 5 ? '; ...' : ''}`;
  return { commands: [{ type: 'status.send', taskId: context.task.taskId, state: 'TASK_STARTING', message, ...podDetails(context) }] };
};

/** TASK_RUNNING once every service is ready, with the pod's health; the framework's checks begin. */
export const reportRunning: PodAction = (context) => {
  const healthy = combinedHealth(context.plan!, context.services, context.checks);
  return {
    changes: { reportedHealthy: healthy },
    commands: [
      { type: 'status.send', taskId: context.task.taskId, state: 'TASK_RUNNING', ...(healthy !== undefined ? { healthy } : {}), ...podDetails(context) },
      ...startFrameworkChecks(context),
    ],
  };
};

/** Leaving running: the unhealthy grace and the framework's checks stop. */
export const stopHealthWatch: PodAction = (context) => ({
  commands: [{ type: 'timer.cancel', name: timerNames(context.task.taskId).unhealthy }, ...stopFrameworkChecks(context)],
});

/** A change of the pod's health is a TASK_RUNNING update; an unhealthy service fails the pod after a grace, if so configured. */
export const reportHealthChange: PodAction = (context) => {
  if (!context.plan) return {};
  const taskId = context.task.taskId;
  const changes: ReturnType<PodAction>['changes'] = {};
  const commands: Command[] = [];
  const healthy = combinedHealth(context.plan, context.services, context.checks);
  if (healthy !== undefined && healthy !== context.reportedHealthy) {
    changes.reportedHealthy = healthy;
    commands.push({ type: 'status.send', taskId, state: 'TASK_RUNNING', healthy, reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', ...podDetails(context) });
  }
  const unhealthy = Object.values(context.services).some((state) => state.health === 'unhealthy');
  const timer = timerNames(taskId).unhealthy;
  if (unhealthy && !context.unhealthyTimer && context.unhealthy.policy === 'fail') {
    changes.unhealthyTimer = true;
    commands.push({ type: 'timer.start', taskId, name: timer, ms: context.unhealthy.graceMs });
  } else if (!unhealthy && context.unhealthyTimer) {
    changes.unhealthyTimer = false;
    commands.push({ type: 'timer.cancel', name: timer });
  }
  return { ...(Object.keys(changes).length > 0 ? { changes } : {}), commands };
};

/** The framework's health check and check: timers, runs and results, folded in frameworkHealth.ts. */
export const foldFrameworkCheck: PodAction = (context, event) => {
  const step = frameworkCheckStep(context, event);
  return step ? { changes: step.changes, commands: step.commands } : {};
};

/** Frameworks that accept it hear TASK_KILLING as the kill begins. */
export const reportKilling: PodAction = (context) =>
  context.outcome?.state === 'TASK_KILLED' && context.taskKillingState
    ? { commands: [{ type: 'status.send', taskId: context.task.taskId, state: 'TASK_KILLING', ...podDetails(context) }] }
    : {};

/**
 * The terminal update, once, and only when the pod is gone (containers,
 * networks, volumes, or kept as `cleanup` says): with no executor resources
 * the agent destroys the executor right after it. A failure goes out as soon
 * as it is decided, so Mesos learns of it in milliseconds, only when the
 * ExecutorInfo has cpus and mem, so the executor outlives its update and the
 * teardown cannot be lost.
 */
export const reportEnding: PodAction = (context) => {
  if (context.reported) return {};
  return {
    changes: { reported: true },
    commands: [
      {
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
      },
    ],
  };
};

/** A failure is told as the pod starts stopping when the executor is resourced to outlive its update. */
export const reportFailureEarly: PodAction = (context, event, params) =>
  context.outcome?.state === 'TASK_FAILED' && context.task.executorResourced === true ? reportEnding(context, event, params) : {};
