import * as t from 'io-ts';
import { decodeWith } from '../events/codec.js';
import type { Input, LaunchedTask } from '../events/inputs.js';
import { MAX_JSON_NESTING, nestedDeeperThan } from './jsonNesting.js';
import { taskFromInfo } from './taskInfo.js';

/**
 * Agent events in Mesos's JSON mapping, decoded into inputs. Unknown keys
 * are ignored and `null` counts as absent, as the agent's own parser does.
 */

const Id = t.type({ value: t.string });
const Nanos = t.union([t.number, t.string]);

const Subscribed = t.intersection([
  t.type({ executor_info: t.UnknownRecord, framework_info: t.UnknownRecord }),
  t.partial({ agent_info: t.partial({ id: Id }), container_id: Id }),
]);
const FrameworkCapabilities = t.partial({ capabilities: t.array(t.partial({ type: t.string })) });

const KillPolicy = t.partial({ grace_period: t.type({ nanoseconds: Nanos }) });

const AgentEvent = t.partial({
  type: t.string,
  subscribed: Subscribed,
  launch: t.type({ task: t.UnknownRecord }),
  launch_group: t.type({ task_group: t.partial({ tasks: t.array(t.intersection([t.type({ task_id: Id }), t.UnknownRecord])) }) }),
  kill: t.intersection([t.type({ task_id: Id }), t.partial({ kill_policy: KillPolicy })]),
  acknowledged: t.type({ task_id: Id, uuid: t.string }),
  message: t.type({ data: t.string }),
  error: t.type({ message: t.string }),
});

/** Turns one decoded JSON event into the input it means; a bad event becomes `mesos.malformed`. */
export function inputFromAgentEvent(json: unknown): Input {
  if (nestedDeeperThan(json, MAX_JSON_NESTING)) return { type: 'mesos.malformed', message: `agent event: nested deeper than ${MAX_JSON_NESTING} levels` };
  const decoded = decodeWith(AgentEvent, withoutNulls(json));
  if (!decoded.ok) return { type: 'mesos.malformed', message: `agent event: ${decoded.message}` };
  const event = decoded.value;
  const missing = (field: string): Input => ({ type: 'mesos.malformed', message: `agent event ${event.type}: missing ${field}` });
  switch (event.type) {
    case 'SUBSCRIBED': {
      if (!event.subscribed) return missing('subscribed');
      const framework = decodeWith(FrameworkCapabilities, event.subscribed.framework_info);
      return {
        type: 'mesos.subscribed',
        frameworkCapabilities: framework.ok ? (framework.value.capabilities ?? []).flatMap((c) => (c.type ? [c.type] : [])) : [],
        ...(event.subscribed.agent_info?.id ? { agentId: event.subscribed.agent_info.id.value } : {}),
        ...(event.subscribed.container_id ? { containerId: event.subscribed.container_id.value } : {}),
      };
    }
    case 'LAUNCH': {
      if (!event.launch) return missing('launch');
      const task = taskFromInfo(event.launch.task);
      if (!task.ok) return { type: 'mesos.malformed', message: `agent event LAUNCH: ${task.message}` };
      return { type: 'mesos.launch', task: task.value satisfies LaunchedTask, taskInfo: event.launch.task };
    }
    case 'LAUNCH_GROUP': {
      if (!event.launch_group) return missing('launch_group');
      const tasks = event.launch_group.task_group.tasks ?? [];
      return { type: 'mesos.launch_group', taskIds: tasks.map((task) => task.task_id.value), taskInfos: tasks };
    }
    case 'KILL': {
      if (!event.kill) return missing('kill');
      const nanos = event.kill.kill_policy?.grace_period?.nanoseconds;
      return {
        type: 'mesos.kill',
        taskId: event.kill.task_id.value,
        ...(nanos !== undefined && Number.isFinite(Number(nanos)) ? { gracePeriodMs: Number(nanos) / 1e6 } : {}),
      };
    }
    case 'ACKNOWLEDGED':
      if (!event.acknowledged) return missing('acknowledged');
      return { type: 'mesos.acknowledged', taskId: event.acknowledged.task_id.value, uuid: event.acknowledged.uuid };
    case 'MESSAGE':
      if (!event.message) return missing('message');
      return { type: 'mesos.message', data: event.message.data };
    case 'ERROR':
      return { type: 'mesos.error', message: event.error?.message ?? '' };
    case 'SHUTDOWN':
      return { type: 'mesos.shutdown' };
    case 'HEARTBEAT':
      return { type: 'mesos.heartbeat' };
    case undefined:
      return missing('type');
    default:
      return { type: 'mesos.unknown', eventType: event.type };
  }
}

/** Mesos's JSON parser treats `null` as an absent field. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).flatMap(([key, field]) => (field === null ? [] : [[key, withoutNulls(field)]])),
  );
}
