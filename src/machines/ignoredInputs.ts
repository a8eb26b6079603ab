import type { Input } from '../events/inputs.js';
import type { CoreState } from './decider.js';
import { isStatusRequest } from './frameworkMessages.js';

/**
 * Why the core will take no action on an input, for the executor's log. The
 * input is in the event log all the same; this only says, before it is
 * decided, that leaving it alone is deliberate.
 */
export interface IgnoredInput {
  level: 'warn' | 'error' | 'info';
  reason: string;
}

export function whyIgnored(state: CoreState, input: Input): IgnoredInput | undefined {
  const executor = state.executor;
  switch (input.type) {
    case 'mesos.kill': {
      const pod = state.pods[input.taskId];
      if (pod === undefined) return { level: 'warn', reason: `KILL of task ${input.taskId}, which this executor does not run: ignored` };
      if (pod.status !== 'active') return { level: 'warn', reason: `KILL of task ${input.taskId}, which has already ended: ignored` };
      return undefined;
    }
    case 'mesos.launch': {
      const taskId = input.task.taskId;
      // Any status for this id would be the agent's status of the task that holds it, so the launch gets none.
      if (taskId in state.pods || taskId in executor.context.tasks) {
        return { level: 'error', reason: `LAUNCH of task ${taskId}, whose id is already in use: refused, without a status update for it` };
      }
      if (executor.status !== 'active' || !(executor.matches('subscribed') || executor.matches('recovering'))) {
        return { level: 'error', reason: `LAUNCH of task ${taskId} after the executor stopped taking tasks: ignored` };
      }
      return undefined;
    }
    case 'mesos.launch_group': {
      const taken = input.taskIds.filter((taskId) => taskId in executor.context.tasks);
      return taken.length > 0 ? { level: 'error', reason: `LAUNCH_GROUP names task ids already in use: ${taken.join(', ')}; no status for those` } : undefined;
    }
    case 'mesos.message':
      return isStatusRequest(input.data) ? undefined : { level: 'info', reason: 'framework message other than {"type":"status"}: recorded and ignored' };
    case 'mesos.acknowledged':
      return input.uuid in executor.context.unacknowledged
        ? undefined
        : { level: 'warn', reason: `ACKNOWLEDGED of update ${input.uuid} of task ${input.taskId}, which is not awaiting one: ignored` };
    default:
      return undefined;
  }
}
