import type { PodPlugins } from '../../adapters/podPlugins.js';
import type { Reaction } from '../reaction.js';

/** The plugins' afterKill hooks run once a pod's machine has ended, with the state it ended in. */
export function afterKillHooks(plugins: PodPlugins): Reaction {
  return ({ before, after }) => {
    for (const [taskId, pod] of Object.entries(after.pods)) {
      if (pod.status === 'done' && before.pods[taskId]?.status !== 'done') plugins.afterKill(taskId, pod.context.outcome?.state ?? 'TASK_FAILED');
    }
  };
}
