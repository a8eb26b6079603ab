import type { PodCgroups } from '../adapters/podCgroups.js';
import type { PlannerContext } from '../adapters/podPlanner.js';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';

/**
 * Carries out `pod.plan`: the compose files read and planned (the task's
 * labels were read at ingress), answered with `pod.planned` or
 * `pod.plan_failed`.
 */
export function podPlanning(
  context: Omit<PlannerContext, 'cgroupParent'>,
  cgroups: PodCgroups,
  send: (input: Input) => void,
): (command: CommandOf<'pod.plan'>) => void {
  return (command) => {
    // The compose loader and planner are loaded at the first launch, not before SUBSCRIBE.
    Promise.all([import('../adapters/podPlanner.js'), cgroups.placement()])
      .then(([{ planTask }, { parent }]) =>
        planTask(command, { ...context, ...(parent ? { cgroupParent: parent } : {}) }),
      )
      .then(send, (error: Error) => send({ type: 'pod.plan_failed', taskId: command.taskId, message: `planning failed: ${error.message}` }));
  };
}
