import { readFileSync } from 'node:fs';
import * as t from 'io-ts';
import { parse } from 'yaml';
import type { InfraContainer } from '../compose/infraContainer.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../compose/operatorPolicy.js';
import { decodeWith } from '../events/codec.js';
import { parseMesosDuration } from '../mesos/duration.js';
import { podPolicyConfig } from './podPolicyConfig.js';
import type { WireEncoding } from '../mesos/wireEncoding.js';

/**
 * The operator's settings for the executor: an optional YAML file named by
 * COMPOSE_EXECUTOR_CONFIG. Unknown keys are errors, so a typo never passes
 * silently.
 */
export interface ExecutorConfig {
  /** Kill grace when neither the KILL nor the TaskInfo gives one (Mesos's own executors use 3 s). */
  killGracePeriodMs: number;
  /** How long to wait for the agent to acknowledge the last updates before exiting anyway. */
  acknowledgementWaitMs: number;
  /** Where the event log goes, relative to the sandbox. */
  eventLog: string;
  /** How calls and events are encoded on the wire to the agent. */
  encoding: WireEncoding;
  /** Largest RecordIO record accepted from the agent; a larger one ends the connection. */
  maxRecordBytes: number;
  /** Pull, create, start and become healthy within this, or the task fails. */
  launchTimeoutMs: number;
  /** `fail`: a service unhealthy for `unhealthyGraceMs` fails the pod; `report`: only Mesos is told. */
  unhealthy: 'fail' | 'report';
  unhealthyGraceMs: number;
  /** How often every pod container is inspected, to catch what Docker's event stream missed. */
  reconcileIntervalMs: number;
  /** What pods may do on the agent (`policy:`); host access is denied unless allowed. */
  policy: OperatorPolicy;
  /** `infra_container:`; absent: no infra container, each service has its own network namespace. */
  infraContainer?: InfraContainer;
}

export const DEFAULT_CONFIG: ExecutorConfig = {
  killGracePeriodMs: 3000,
  acknowledgementWaitMs: 10_000,
  eventLog: 'events.jsonl',
  encoding: 'json',
  maxRecordBytes: 16 * 1024 * 1024,
  launchTimeoutMs: 5 * 60_000,
  unhealthy: 'fail',
  unhealthyGraceMs: 0,
  reconcileIntervalMs: 10_000,
  policy: DEFAULT_POLICY,
};

const ConfigFile = t.exact(
  t.partial({
    kill_grace_period: t.string,
    acknowledgement_wait: t.string,
    event_log: t.string,
    encoding: t.keyof({ json: null, protobuf: null }),
    max_record_bytes: t.number,
    launch_timeout: t.string,
    unhealthy: t.keyof({ fail: null, report: null }),
    unhealthy_grace: t.string,
    reconcile_interval: t.string,
    // Decoded with their own codecs, which name the key that is wrong.
    policy: t.unknown,
    infra_container: t.unknown,
  }),
);

export type ConfigResult = { ok: true; config: ExecutorConfig } | { ok: false; errors: string[] };

export function readExecutorConfig(path: string | undefined): ConfigResult {
  if (!path) return { ok: true, config: DEFAULT_CONFIG };
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8')) ?? {};
  } catch (error) {
    return { ok: false, errors: [`${path}: ${(error as Error).message}`] };
  }
  return configFrom(path, document);
}

export function configFrom(path: string, document: unknown): ConfigResult {
  const errors: string[] = [];
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    for (const key of Object.keys(document)) {
      if (!(key in ConfigFile.type.props)) errors.push(`${path}: ${key}: unknown key (known: ${Object.keys(ConfigFile.type.props).join(', ')})`);
    }
  }
  const decoded = decodeWith(ConfigFile, document);
  if (!decoded.ok) return { ok: false, errors: [...errors, `${path}: ${decoded.message}`] };
  const duration = (key: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const ms = parseMesosDuration(text);
    if (ms === null) errors.push(`${path}: ${key}: expected a Mesos duration like 3secs or 500ms, got ${JSON.stringify(text)}`);
    return ms ?? fallback;
  };
  const pods = podPolicyConfig(path, decoded.value);
  errors.push(...pods.errors);
  const config: ExecutorConfig = {
    ...pods.config,
    killGracePeriodMs: duration('kill_grace_period', decoded.value.kill_grace_period, DEFAULT_CONFIG.killGracePeriodMs),
    acknowledgementWaitMs: duration('acknowledgement_wait', decoded.value.acknowledgement_wait, DEFAULT_CONFIG.acknowledgementWaitMs),
    eventLog: decoded.value.event_log ?? DEFAULT_CONFIG.eventLog,
    launchTimeoutMs: duration('launch_timeout', decoded.value.launch_timeout, DEFAULT_CONFIG.launchTimeoutMs),
    unhealthy: decoded.value.unhealthy ?? DEFAULT_CONFIG.unhealthy,
    unhealthyGraceMs: duration('unhealthy_grace', decoded.value.unhealthy_grace, DEFAULT_CONFIG.unhealthyGraceMs),
    reconcileIntervalMs: duration('reconcile_interval', decoded.value.reconcile_interval, DEFAULT_CONFIG.reconcileIntervalMs),
    encoding: decoded.value.encoding ?? DEFAULT_CONFIG.encoding,
    maxRecordBytes: recordLimit(decoded.value.max_record_bytes),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };

  function recordLimit(bytes: number | undefined): number {
    if (bytes === undefined) return DEFAULT_CONFIG.maxRecordBytes;
    if (!Number.isSafeInteger(bytes) || bytes < 1) errors.push(`${path}: max_record_bytes: expected a whole number of bytes above 0, got ${bytes}`);
    return bytes;
  }
}
