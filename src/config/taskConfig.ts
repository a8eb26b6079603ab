import { parse } from 'yaml';
import type { Input } from '../events/inputs.js';
import { podSettingsOf, type PodSettings, type TaskSettings } from '../events/settings.js';
import { ConfigFile, configFrom, type ExecutorConfig } from './executorConfig.js';

/**
 * Per-task settings: a task label `compose-executor.<key>` (for example
 * `compose-executor.launch_timeout=10mins`, or `compose-executor.cleanup.failed=remove`)
 * overrides that key of the config file for this task only, decoded by the
 * same codec as the file. A framework may prefix the key
 * (`org.example/compose-executor.launch_timeout`): it is matched by suffix.
 */

/** The keys a task may set: how its own pod launches, stops and is cleaned up. */
export const TASK_KEYS = ['kill_grace_period', 'launch_timeout', 'unhealthy', 'unhealthy_grace', 'cleanup', 'exact_host_ports'] as const;

/** Keys a task sets that are no setting of the config file: read where they apply (check_service: machines/frameworkHealth.ts). */
export const TASK_ONLY_KEYS = ['check_service'] as const;

const EXECUTOR_WIDE = 'it is executor-wide, read once when the executor starts, before any task arrives';
const OPERATOR_ONLY = "it is the operator's policy, which a task must never loosen";

/** Why each other key of the file is not a task's to set. */
export const OPERATOR_KEYS: Record<string, string> = {
  acknowledgement_wait: EXECUTOR_WIDE,
  event_log: EXECUTOR_WIDE,
  executor_log: EXECUTOR_WIDE,
  container_log_max_bytes: EXECUTOR_WIDE,
  container_log_files: EXECUTOR_WIDE,
  encoding: EXECUTOR_WIDE,
  max_record_bytes: EXECUTOR_WIDE,
  reconcile_interval: EXECUTOR_WIDE,
  docker_timeout: EXECUTOR_WIDE,
  plugins: EXECUTOR_WIDE,
  policy: OPERATOR_ONLY,
  infra_container: OPERATOR_ONLY,
  registry_auth: "it holds the operator's registry credentials",
};

// A framework's prefix ends with a separator; `xcompose-executor.` is somebody else's namespace.
const LABEL_KEY = /(?:^|[./:_-])compose-executor\.(.+)$/;

export type TaskConfig = { ok: true; config: ExecutorConfig; settings: TaskSettings } | { ok: false; message: string };

/** The config for one task: the file's, with the task's labels applied; a refused label names itself. */
export function taskConfig(base: ExecutorConfig, labels: Readonly<Record<string, string>>): TaskConfig {
  const setBy = new Map<string, string>();
  let config = base;
  for (const [label, value] of Object.entries(labels)) {
    const key = LABEL_KEY.exec(label)?.[1];
    if (key === undefined) continue;
    const [top = key, sub, ...deeper] = key.split('.');
    const refuse = (why: string): TaskConfig => ({ ok: false, message: `task label ${label}: ${why}` });
    if ((TASK_ONLY_KEYS as readonly string[]).includes(key)) continue;
    if (Object.hasOwn(OPERATOR_KEYS, top)) return refuse(`${top} cannot be set by a task: ${OPERATOR_KEYS[top]}`);
    if (!(TASK_KEYS as readonly string[]).includes(top) || !Object.hasOwn(ConfigFile.type.props, top)) {
      return refuse(`unknown key ${key} (a task may set ${TASK_KEYS.join(', ')})`);
    }
    if ((sub !== undefined && top !== 'cleanup') || deeper.length > 0) return refuse(`unknown key ${key}`);
    const earlier = setBy.get(key);
    if (earlier !== undefined) return refuse(`sets ${key} again, as does task label ${earlier}`);
    setBy.set(key, label);
    const scalar = labelValue(value);
    const document = sub === undefined ? { [top]: scalar } : { [top]: { [sub]: scalar } };
    const decoded = configFrom(`task label ${label}`, document, config);
    if (!decoded.ok) return { ok: false, message: decoded.errors.join('; ') };
    config = decoded.config;
  }
  return { ok: true, config, settings: changedSettings(base, config) };
}

/** The pod settings a task's labels changed, as the `mesos.launch` input records them. */
function changedSettings(base: ExecutorConfig, config: ExecutorConfig): TaskSettings {
  const before = podSettingsOf(base);
  const after = podSettingsOf(config);
  const changed = (Object.keys(after) as Array<keyof PodSettings>).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
  return Object.fromEntries(changed.map((key) => [key, after[key]])) as TaskSettings;
}

/** A label's value read as the file would read it after the colon: `3` a number, `fail` a string. */
function labelValue(text: string): unknown {
  try {
    const value: unknown = parse(text);
    return value === null || value === undefined ? text : value;
  } catch {
    return text;
  }
}

/**
 * Reads a task's labels once, where its LAUNCH becomes a `mesos.launch`
 * input and before the input is logged: the settings they change ride in
 * `settings`, so the pure core launches the pod with them and a replay sees
 * the same; a refused label rides in `refusedLabel`, and the pod fails its
 * planning with it.
 */
export function withTaskSettings(base: ExecutorConfig): (input: Input) => Input {
  return (input) => {
    if (input.type !== 'mesos.launch') return input;
    const resolved = taskConfig(base, input.task.labels);
    if (!resolved.ok) return { ...input, refusedLabel: resolved.message };
    if (Object.keys(resolved.settings).length === 0) return input;
    return { ...input, settings: resolved.settings };
  };
}
