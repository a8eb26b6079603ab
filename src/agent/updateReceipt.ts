import * as events from './agentEvents.js';
import type { UpdateOutcome } from './agentExecutor.js';
import type { ReceivedUpdate } from './agentRecords.js';
import type { TaskStatusJson } from './executorCall.js';
import { decodeBase64 } from './protobufJson.js';
import { forwardedStatus } from './statusForwarding.js';

/** What the embedded agent keeps of an UPDATE it took: how it judged it, and what it forwards to the framework. */
export function updateReceipt(status: TaskStatusJson, outcome: UpdateOutcome, viaSubscribe: boolean, agentIp: string, containerId: string): ReceivedUpdate {
  const received: ReceivedUpdate = {
    status,
    taskId: status.task_id.value,
    state: status.state,
    uuid: status.uuid ?? '',
    duplicate: outcome.kind === 'duplicate',
    droppedAfterTerminal: outcome.kind === 'dropped',
    receivedAt: Date.now(),
    viaSubscribe,
  };
  if (outcome.kind === 'ignored') received.ignored = outcome.reason;
  else received.forwarded = forwardedStatus(status, agentIp, containerId);
  return received;
}

/**
 * The ACKNOWLEDGED events the agent answers a taken update with: none for an
 * update without a readable uuid or while acknowledgements are withheld,
 * two when the fault injection duplicates them.
 */
export function acknowledgementsOf(received: ReceivedUpdate, acknowledgements: 'send' | 'withhold' | 'duplicate'): events.EventJson[] {
  const uuid = decodeBase64(received.uuid);
  if (typeof uuid === 'string' || acknowledgements === 'withhold') return [];
  const times = acknowledgements === 'duplicate' ? 2 : 1;
  return Array.from({ length: times }, () => events.acknowledgedEvent(received.taskId, uuid));
}

/** `t1:TASK_RUNNING, t1:TASK_RUNNING (duplicate)`, for a wait that timed out. */
export function describeUpdates(updates: readonly ReceivedUpdate[]): string {
  if (updates.length === 0) return '(none)';
  return updates.map((u) => `${u.taskId}:${u.state}${u.duplicate ? ' (duplicate)' : ''}`).join(', ');
}
