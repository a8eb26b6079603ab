import { decodeCall } from '../mesos/protobufCodec.js';
import { callSpec } from './callSchema.js';
import { decodeBase64, parseMessage } from './protobufJson.js';

/** A decoded mesos.v1.executor.Call in its JSON form (snake_case, enum names, base64 bytes). */
export interface ExecutorCall {
  readonly type?: string;
  readonly executor_id: { readonly value: string };
  readonly framework_id: { readonly value: string };
  readonly subscribe?: {
    readonly unacknowledged_tasks?: ReadonlyArray<Record<string, any>>;
    readonly unacknowledged_updates?: ReadonlyArray<{ readonly status: TaskStatusJson }>;
  };
  readonly update?: { readonly status: TaskStatusJson };
  readonly message?: { readonly data: string };
}

export interface TaskStatusJson {
  readonly task_id: { readonly value: string };
  readonly state: string;
  readonly source?: string;
  readonly uuid?: string;
  readonly executor_id?: { readonly value: string };
  readonly agent_id?: { readonly value: string };
  readonly [key: string]: unknown;
}

export type CallDecoding =
  | { readonly ok: true; readonly call: ExecutorCall }
  | { readonly ok: false; readonly message: string };

/** Decodes a JSON body as the agent does; every failure is a 400 with this message. */
export function decodeExecutorCall(body: string): CallDecoding {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, message: `Failed to parse body into JSON: ${(e as Error).message}` };
  }
  const parsed = parseMessage(json, callSpec);
  if (!parsed.ok) return { ok: false, message: `Failed to convert JSON into Call protobuf: ${parsed.error}` };
  return validated(parsed.value as unknown as ExecutorCall);
}

/** Decodes a protobuf body, then reads and validates it as the JSON path does. */
export function decodeExecutorCallProtobuf(body: Buffer): CallDecoding {
  const decoded = decodeCall(body);
  const parsed = decoded.ok ? parseMessage(decoded.value, callSpec) : undefined;
  // Upstream's ParseFromString says no more than this, whatever failed.
  if (parsed === undefined || !parsed.ok) return { ok: false, message: 'Failed to parse body into Call protobuf' };
  return validated(parsed.value as unknown as ExecutorCall);
}

function validated(call: ExecutorCall): CallDecoding {
  const invalid = validateExecutorCall(call);
  if (invalid !== undefined) return { ok: false, message: `Failed to validate Executor::Call: ${invalid}` };
  return { ok: true, call };
}

/** The checks of upstream `validateExecutorCall`, in its order; undefined when valid. */
export function validateExecutorCall(call: ExecutorCall): string | undefined {
  if (call.type === undefined) return "Expecting 'type' to be present";
  const executorId = call.executor_id.value;
  const frameworkId = call.framework_id.value;
  switch (call.type) {
    case 'SUBSCRIBE':
      return call.subscribe === undefined ? "Expecting 'subscribe' to be present" : undefined;
    case 'UPDATE': {
      if (call.update === undefined) return "Expecting 'update' to be present";
      const status = call.update.status;
      if (status.uuid === undefined) return "Expecting 'uuid' to be present";
      if (!isRfc4122Uuid(status.uuid)) return 'Not a valid UUID';
      if (status.executor_id !== undefined && status.executor_id.value !== executorId) {
        return `ExecutorID in Call: ${executorId} does not match ExecutorID in TaskStatus: ${status.executor_id.value}`;
      }
      if (status.source !== 'SOURCE_EXECUTOR') {
        return `Received Call from executor ${executorId} of framework ${frameworkId} with invalid source, expecting 'SOURCE_EXECUTOR'`;
      }
      if (status.state === 'TASK_STAGING') {
        return `Received TASK_STAGING from executor ${executorId} of framework ${frameworkId} which is not allowed`;
      }
      return undefined;
    }
    case 'MESSAGE':
      return call.message === undefined ? "Expecting 'message' to be present" : undefined;
    default:
      return undefined;
  }
}

// The reference asks for a random (version 4) RFC 4122 UUID; upstream only
// checks the length and that the version nibble is a known one.
export function isRfc4122Uuid(base64: string): boolean {
  const bytes = decodeBase64(base64);
  if (typeof bytes === 'string' || bytes.length !== 16) return false;
  const version = bytes[6]! >> 4;
  const variant = bytes[8]! >> 6;
  return version === 4 && variant === 0b10;
}
