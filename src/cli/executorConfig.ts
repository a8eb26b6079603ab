import { readFileSync } from 'node:fs';
import * as t from 'io-ts';
import { parse } from 'yaml';
import { decodeWith } from '../events/codec.js';
import { parseMesosDuration } from '../mesos/duration.js';

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
}

export const DEFAULT_CONFIG: ExecutorConfig = {
  killGracePeriodMs: 3000,
  acknowledgementWaitMs: 10_000,
  eventLog: 'events.jsonl',
};

const ConfigFile = t.exact(
  t.partial({
    kill_grace_period: t.string,
    acknowledgement_wait: t.string,
    event_log: t.string,
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
  const config: ExecutorConfig = {
    killGracePeriodMs: duration('kill_grace_period', decoded.value.kill_grace_period, DEFAULT_CONFIG.killGracePeriodMs),
    acknowledgementWaitMs: duration('acknowledgement_wait', decoded.value.acknowledgement_wait, DEFAULT_CONFIG.acknowledgementWaitMs),
    eventLog: decoded.value.event_log ?? DEFAULT_CONFIG.eventLog,
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}
