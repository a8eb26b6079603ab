// The subset of mesos.v1.executor.Call (and the messages it carries) that the
// agent checks field by field; field kinds and `required` come from the
// upstream executor.proto and mesos.proto.

export type FieldKind = 'string' | 'bytes' | 'double' | 'bool' | 'enum' | 'message' | 'any';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly repeated?: boolean;
  readonly values?: readonly string[];
  readonly message?: MessageSpec;
}

export interface MessageSpec {
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Keep keys the spec does not describe (TaskInfo, Labels...) as they came. */
  readonly open?: boolean;
}

export const TASK_STATES = [
  'TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_FINISHED',
  'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED',
  'TASK_UNREACHABLE', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR', 'TASK_UNKNOWN',
] as const;

export const TERMINAL_STATES: ReadonlySet<string> = new Set([
  'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST',
  'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR',
]);

export const STATUS_SOURCES = ['SOURCE_MASTER', 'SOURCE_AGENT', 'SOURCE_EXECUTOR'] as const;

export const STATUS_REASONS = [
  'REASON_COMMAND_EXECUTOR_FAILED', 'REASON_CONTAINER_LAUNCH_FAILED', 'REASON_CONTAINER_LIMITATION',
  'REASON_CONTAINER_LIMITATION_DISK', 'REASON_CONTAINER_LIMITATION_MEMORY', 'REASON_CONTAINER_PREEMPTED',
  'REASON_CONTAINER_UPDATE_FAILED', 'REASON_MAX_COMPLETION_TIME_REACHED',
  'REASON_EXECUTOR_REGISTRATION_TIMEOUT', 'REASON_EXECUTOR_REREGISTRATION_TIMEOUT',
  'REASON_EXECUTOR_TERMINATED', 'REASON_EXECUTOR_UNREGISTERED', 'REASON_FRAMEWORK_REMOVED',
  'REASON_GC_ERROR', 'REASON_INVALID_FRAMEWORKID', 'REASON_INVALID_OFFERS', 'REASON_IO_SWITCHBOARD_EXITED',
  'REASON_MASTER_DISCONNECTED', 'REASON_RECONCILIATION', 'REASON_RESOURCES_UNKNOWN',
  'REASON_AGENT_DISCONNECTED', 'REASON_AGENT_DRAINING', 'REASON_AGENT_REMOVED',
  'REASON_AGENT_REMOVED_BY_OPERATOR', 'REASON_AGENT_REREGISTERED', 'REASON_AGENT_RESTARTED',
  'REASON_AGENT_UNKNOWN', 'REASON_TASK_KILLED_DURING_LAUNCH', 'REASON_TASK_CHECK_STATUS_UPDATED',
  'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', 'REASON_TASK_GROUP_INVALID', 'REASON_TASK_GROUP_UNAUTHORIZED',
  'REASON_TASK_INVALID', 'REASON_TASK_UNAUTHORIZED', 'REASON_TASK_UNKNOWN',
] as const;

export const CALL_TYPES = ['UNKNOWN', 'SUBSCRIBE', 'UPDATE', 'MESSAGE', 'HEARTBEAT'] as const;

const id: MessageSpec = { fields: { value: { kind: 'string', required: true } } };
const open: MessageSpec = { fields: {}, open: true };

const taskStatus: MessageSpec = {
  fields: {
    task_id: { kind: 'message', required: true, message: id },
    state: { kind: 'enum', required: true, values: TASK_STATES },
    message: { kind: 'string' },
    source: { kind: 'enum', values: STATUS_SOURCES },
    reason: { kind: 'enum', values: STATUS_REASONS },
    data: { kind: 'bytes' },
    agent_id: { kind: 'message', message: id },
    executor_id: { kind: 'message', message: id },
    timestamp: { kind: 'double' },
    uuid: { kind: 'bytes' },
    healthy: { kind: 'bool' },
    check_status: { kind: 'message', message: open },
    labels: { kind: 'message', message: open },
    container_status: { kind: 'message', message: open },
    unreachable_time: { kind: 'message', message: open },
    limitation: { kind: 'message', message: open },
  },
};

const update: MessageSpec = {
  fields: { status: { kind: 'message', required: true, message: taskStatus } },
};

const taskInfo: MessageSpec = {
  open: true,
  fields: {
    name: { kind: 'string', required: true },
    task_id: { kind: 'message', required: true, message: id },
    agent_id: { kind: 'message', required: true, message: id },
  },
};

export const callSpec: MessageSpec = {
  fields: {
    executor_id: { kind: 'message', required: true, message: id },
    framework_id: { kind: 'message', required: true, message: id },
    type: { kind: 'enum', values: CALL_TYPES },
    subscribe: {
      kind: 'message',
      message: {
        fields: {
          unacknowledged_tasks: { kind: 'message', repeated: true, message: taskInfo },
          unacknowledged_updates: { kind: 'message', repeated: true, message: update },
        },
      },
    },
    update: { kind: 'message', message: update },
    message: { kind: 'message', message: { fields: { data: { kind: 'bytes', required: true } } } },
  },
};
