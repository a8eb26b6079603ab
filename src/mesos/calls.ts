import type { CheckStatus } from '../events/frameworkChecks.js';

/** Executor calls in Mesos's JSON mapping. */

export interface CallIdentity {
  frameworkId: string;
  executorId: string;
}

export interface TaskStatusJson {
  task_id: { value: string };
  state: string;
  source: 'SOURCE_EXECUTOR';
  uuid: string;
  timestamp: number;
  executor_id: { value: string };
  message?: string;
  reason?: string;
  healthy?: boolean;
  labels?: { labels: Array<{ key: string; value: string }> };
  container_status?: { network_infos: Array<{ ip_addresses: Array<{ ip_address: string }> }> };
  check_status?: CheckStatusJson;
}

/** CheckStatusInfo in Mesos's JSON mapping: its type and, once a run told it, what it found. */
export interface CheckStatusJson {
  type: 'HTTP' | 'TCP' | 'COMMAND';
  http?: { status_code?: number };
  tcp?: { succeeded?: boolean };
  command?: { exit_code?: number };
}

export function checkStatusJson(status: CheckStatus): CheckStatusJson {
  switch (status.type) {
    case 'HTTP':
      return { type: 'HTTP', http: status.statusCode !== undefined ? { status_code: status.statusCode } : {} };
    case 'TCP':
      return { type: 'TCP', tcp: status.succeeded !== undefined ? { succeeded: status.succeeded } : {} };
    case 'COMMAND':
      return { type: 'COMMAND', command: status.exitCode !== undefined ? { exit_code: status.exitCode } : {} };
  }
}

export function subscribeCall(identity: CallIdentity, unacknowledgedTasks: unknown[], unacknowledgedUpdates: TaskStatusJson[]) {
  return {
    type: 'SUBSCRIBE',
    framework_id: { value: identity.frameworkId },
    executor_id: { value: identity.executorId },
    subscribe: {
      unacknowledged_tasks: unacknowledgedTasks,
      unacknowledged_updates: unacknowledgedUpdates.map((status) => ({ status })),
    },
  };
}

export function updateCall(identity: CallIdentity, status: TaskStatusJson) {
  return {
    type: 'UPDATE',
    framework_id: { value: identity.frameworkId },
    executor_id: { value: identity.executorId },
    update: { status },
  };
}

/** A random RFC 4122 version 4 UUID as the base64 of its 16 bytes, as the agent requires. */
export function statusUuid(randomUuid: string): string {
  return Buffer.from(randomUuid.replace(/-/g, ''), 'hex').toString('base64');
}

/** A MESSAGE call to the scheduler; `data` is base64, as in the JSON mapping of `bytes`. */
export function messageCall(identity: CallIdentity, data: string) {
  return {
    type: 'MESSAGE',
    framework_id: { value: identity.frameworkId },
    executor_id: { value: identity.executorId },
    message: { data },
  };
}
