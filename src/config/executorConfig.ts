import { readFileSync } from 'node:fs';
import nodePath from 'node:path';
import * as t from 'io-ts';
import { parseDocument } from 'yaml';
import type { RegistryLogin } from '../adapters/registryCredentials.js';
import type { InfraContainer } from '../compose/infraContainer.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../compose/operatorPolicy.js';
import { decodeWith } from '../events/codec.js';
import type { Cleanup, PodSettings } from '../events/settings.js';
import { parseMesosDuration } from '../mesos/duration.js';
import { podPolicyConfig } from './podPolicyConfig.js';
import { registryAuthFrom } from './registryAuthConfig.js';
import type { WireEncoding } from '../mesos/wireEncoding.js';

/**
 * The operator's settings for the executor: an optional YAML file named by
 * COMPOSE_EXECUTOR_CONFIG. Unknown keys are errors, so a typo never passes
 * silently.
 */
export interface ExecutorConfig extends PodSettings {
  /** How long to wait for the agent to acknowledge the last updates before exiting anyway. */
  acknowledgementWaitMs: number;
  /** Where the event log goes, relative to the sandbox. */
  eventLog: string;
  /** Where the executor's own JSON log goes, relative to the sandbox. */
  executorLog: string;
  /** Each service's `logs/<service>.stdout` and `.stderr` is rotated at this size. */
  containerLogMaxBytes: number;
  /** Rotated files kept of each, besides the current one. */
  containerLogFiles: number;
  /** How calls and events are encoded on the wire to the agent. */
  encoding: WireEncoding;
  /** Largest RecordIO record accepted from the agent; a larger one ends the connection. */
  maxRecordBytes: number;
  /** How often every pod container is inspected, to catch what Docker's event stream missed. */
  reconcileIntervalMs: number;
  /** What pods may do on the agent (`policy:`); host access is denied unless allowed. */
  policy: OperatorPolicy;
  /** `infra_container:`; absent: no infra container, each service has its own network namespace. */
  infraContainer?: InfraContainer;
  /** `registry_auth:`, by registry host; never logged. */
  registryAuth: Record<string, RegistryLogin>;
  /** `plugins:`, loaded at start: module paths (relative ones resolved against the config file's folder) or package names. */
  plugins: string[];
  /** A Docker call unanswered for this long fails, so a hung engine never hangs the executor. */
  dockerTimeoutMs: number;
  exactHostPorts: boolean;
}

export const DEFAULT_CONFIG: ExecutorConfig = {
  defaultKillGraceMs: 3000,
  acknowledgementWaitMs: 10_000,
  eventLog: 'events.jsonl',
  executorLog: 'executor.log',
  containerLogMaxBytes: 10 * 1024 * 1024,
  containerLogFiles: 5,
  encoding: 'json',
  maxRecordBytes: 16 * 1024 * 1024,
  launchTimeoutMs: 5 * 60_000,
  unhealthy: { policy: 'fail', graceMs: 0 },
  reconcileIntervalMs: 10_000,
  cleanup: { killed: 'remove', failed: 'keep', finished: 'remove', keptForMs: 3_600_000 },
  policy: DEFAULT_POLICY,
  registryAuth: {},
  plugins: [],
  dockerTimeoutMs: 30_000,
  exactHostPorts: false,
};

export const ConfigFile = t.exact(
  t.partial({
    kill_grace_period: t.string,
    acknowledgement_wait: t.string,
    event_log: t.string,
    executor_log: t.string,
    container_log_max_bytes: t.number,
    container_log_files: t.number,
    encoding: t.keyof({ json: null, protobuf: null }),
    max_record_bytes: t.number,
    launch_timeout: t.string,
    unhealthy: t.keyof({ fail: null, report: null }),
    unhealthy_grace: t.string,
    reconcile_interval: t.string,
    cleanup: t.record(t.string, t.unknown),
    // Decoded with their own codecs, which name the key that is wrong.
    policy: t.unknown,
    infra_container: t.unknown,
    registry_auth: t.unknown,
    plugins: t.array(t.string),
    docker_timeout: t.string,
    exact_host_ports: t.boolean,
  }),
);

export type ConfigResult = { ok: true; config: ExecutorConfig } | { ok: false; errors: string[] };

export function readExecutorConfig(path: string | undefined): ConfigResult {
  if (!path) return { ok: true, config: DEFAULT_CONFIG };
  let document: unknown;
  try {
    const parsed = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true, prettyErrors: false });
    // A warning (unresolved tag, unknown directive) would otherwise go to stderr and the value pass silently.
    const problems = [...parsed.errors, ...parsed.warnings];
    if (problems.length > 0) return { ok: false, errors: problems.map((problem) => `${path}: ${problem.message}`) };
    document = parsed.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { ok: false, errors: [`${path}: ${(error as Error).message}`] };
  }
  return configFrom(path, document);
}

/** `base` gives every key the document leaves out: the defaults for the file, the file's config for a task's labels. */
export function configFrom(path: string, document: unknown, base: ExecutorConfig = DEFAULT_CONFIG): ConfigResult {
  const errors: string[] = [];
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    for (const key of Object.keys(document)) {
      if (!Object.hasOwn(ConfigFile.type.props, key)) errors.push(`${path}: ${key}: unknown key (known: ${Object.keys(ConfigFile.type.props).join(', ')})`);
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
  const registryAuth = registryAuthFrom(path, decoded.value.registry_auth);
  errors.push(...registryAuth.errors);
  const { infraContainer: _infra, ...baseConfig } = base;
  const config: ExecutorConfig = {
    ...baseConfig,
    ...(decoded.value.policy !== undefined || decoded.value.infra_container !== undefined ? pods.config : { policy: base.policy, ...(base.infraContainer ? { infraContainer: base.infraContainer } : {}) }),
    defaultKillGraceMs: duration('kill_grace_period', decoded.value.kill_grace_period, base.defaultKillGraceMs),
    acknowledgementWaitMs: duration('acknowledgement_wait', decoded.value.acknowledgement_wait, base.acknowledgementWaitMs),
    eventLog: decoded.value.event_log ?? base.eventLog,
    executorLog: decoded.value.executor_log ?? base.executorLog,
    containerLogMaxBytes: wholeNumber('container_log_max_bytes', decoded.value.container_log_max_bytes, base.containerLogMaxBytes, 1),
    containerLogFiles: wholeNumber('container_log_files', decoded.value.container_log_files, base.containerLogFiles, 1),
    launchTimeoutMs: duration('launch_timeout', decoded.value.launch_timeout, base.launchTimeoutMs),
    unhealthy: {
      policy: decoded.value.unhealthy ?? base.unhealthy.policy,
      graceMs: duration('unhealthy_grace', decoded.value.unhealthy_grace, base.unhealthy.graceMs),
    },
    reconcileIntervalMs: duration('reconcile_interval', decoded.value.reconcile_interval, base.reconcileIntervalMs),
    cleanup: cleanupFrom(decoded.value.cleanup),
    encoding: decoded.value.encoding ?? base.encoding,
    maxRecordBytes: recordLimit(decoded.value.max_record_bytes),
    dockerTimeoutMs: duration('docker_timeout', decoded.value.docker_timeout, base.dockerTimeoutMs),
    exactHostPorts: decoded.value.exact_host_ports ?? base.exactHostPorts,
    registryAuth: decoded.value.registry_auth === undefined ? base.registryAuth : registryAuth.logins,
    plugins: (decoded.value.plugins ?? base.plugins).map((entry) => (/^\.{1,2}\//.test(entry) ? nodePath.resolve(nodePath.dirname(path), entry) : entry)),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };

  function cleanupFrom(section: Record<string, unknown> | undefined): Cleanup {
    const cleanup = { ...base.cleanup };
    for (const [key, value] of Object.entries(section ?? {})) {
      if (key === 'killed' || key === 'failed' || key === 'finished') {
        if (value === 'remove' || value === 'keep') cleanup[key] = value;
        else errors.push(`${path}: cleanup.${key}: expected remove or keep, got ${JSON.stringify(value)}`);
      } else if (key === 'kept_for') {
        cleanup.keptForMs = duration('cleanup.kept_for', typeof value === 'string' ? value : String(value), cleanup.keptForMs);
      } else {
        errors.push(`${path}: cleanup.${key}: unknown key (known: killed, failed, finished, kept_for)`);
      }
    }
    return cleanup;
  }

  function wholeNumber(key: string, value: number | undefined, fallback: number, least: number): number {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < least) errors.push(`${path}: ${key}: expected a whole number of at least ${least}, got ${value}`);
    return value;
  }

  function recordLimit(bytes: number | undefined): number {
    if (bytes === undefined) return base.maxRecordBytes;
    if (!Number.isSafeInteger(bytes) || bytes < 1) errors.push(`${path}: max_record_bytes: expected a whole number of bytes above 0, got ${bytes}`);
    return bytes;
  }
}
