import type { PodCgroups } from '../adapters/podCgroups.js';
import type { PlannerContext } from '../adapters/podPlanner.js';
import type { ExecutorConfig } from '../config/executorConfig.js';
import { taskConfig } from '../config/taskConfig.js';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';

/**
 * Carries out `pod.plan`: the task's labels over the operator's config, then
 * the compose files read and planned, answered with `pod.planned` or
 * `pod.plan_failed`.
 */
export function podPlanning(
  config: ExecutorConfig,
  context: Omit<PlannerContext, 'exactHostPorts' | 'cgroupParent'>,
  cgroups: PodCgroups,
  send: (input: Input) => void,
): (command: CommandOf<'pod.plan'>) => void {
  return (command) => {
    const refused = taskConfig(config, command.task.labels);
    if (!refused.ok) {
      send({ type: 'pod.plan_failed', taskId: command.taskId, message: refused.message });
      return;
    }
    // The compose loader and planner are loaded at the first launch, not before SUBSCRIBE.
    Promise.all([import('../adapters/podPlanner.js'), cgroups.placement()])
      .then(([{ planTask }, { parent }]) =>
        planTask(command, { ...context, exactHostPorts: refused.config.exactHostPorts, ...(parent ? { cgroupParent: parent } : {}) }),
      )
      .then(send, (error: Error) => send({ type: 'pod.plan_failed', taskId: command.taskId, message: `planning failed: ${error.message}` }));
  };
}
