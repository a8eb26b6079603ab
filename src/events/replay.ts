import type { StateValue } from 'xstate';
import { standardCore, type Core, type CoreState, type Decision } from '../machines/decider.js';
import type { Command } from './commands.js';
import { decodeWith } from './codec.js';
import type { ParsedLog } from './eventLog.js';
import type { LogHeader } from './logRecord.js';
import type { Input } from './inputs.js';
import { CoreSettings } from './settings.js';

/**
 * A recorded log folded again through the core, offline: what each input
 * did to the machines and which commands it gave. Pure, so the same log
 * always replays the same way; `verifyLog` holds the replay against the
 * commands the executor recorded.
 */

export interface MachineStates {
  /** `subscribed.serving`. */
  executor: string;
  /** By task id. */
  pods: Record<string, string>;
}

export interface ReplayStep {
  seq: number;
  at: string;
  input: Input;
  before: MachineStates;
  after: MachineStates;
  /** What replay gave for this input. */
  commands: Command[];
  /** What the log recorded right after it. */
  recorded: Command[];
  /** The whole core once this input and its commands were done. */
  state: CoreState;
}

export interface Replay {
  settings: CoreSettings;
  /** What the core issued on starting, before any input, replayed and recorded. */
  start: { commands: Command[]; recorded: Command[]; state: CoreState };
  steps: ReplayStep[];
}

export interface Divergence {
  /** The input whose commands differ, or 0 for the commands issued on starting. */
  seq: number;
  input?: Input;
  expected: Command[];
  got: Command[];
}

export type ReplayResult = { ok: true; replay: Replay } | { ok: false; message: string };

/** The core started on the settings a log's header recorded, or what is wrong with them. */
export function startReplay(header: LogHeader, core: Core = standardCore): { ok: true; settings: CoreSettings; start: Decision } | { ok: false; message: string } {
  const settings = decodeWith(CoreSettings, header.config.settings);
  if (!settings.ok) return { ok: false, message: `header: config.settings: ${settings.message}` };
  // The header's version, not the settings it recorded, says which decisions the log was made with.
  const versioned = { ...settings.value, logVersion: header.version };
  return { ok: true, settings: versioned, start: core.start(versioned) };
}

export function replayLog(log: ParsedLog, core: Core = standardCore): ReplayResult {
  const started = startReplay(log.header, core);
  if (!started.ok) return started;

  const { start } = started;
  const replay: Replay = { settings: started.settings, start: { commands: start.commands, recorded: [], state: start.state }, steps: [] };
  let state = start.state;
  let states = machineStates(state);
  for (const record of log.records) {
    if (record.kind === 'command') {
      const current = replay.steps[replay.steps.length - 1];
      (current ? current.recorded : replay.start.recorded).push(record.command);
      continue;
    }
    const decision = core.decide(state, record.input);
    const after = machineStates(decision.state);
    replay.steps.push({ seq: record.seq, at: record.at, input: record.input, before: states, after, commands: decision.commands, recorded: [], state: decision.state });
    state = decision.state;
    states = after;
  }
  return { ok: true, replay };
}

/**
 * The first input after which replay gives other commands than the log
 * recorded, or null when every one matches. The last input of a log with a
 * torn last line may have lost its last commands, so only a prefix is asked
 * of it.
 */
export function verifyLog(log: ParsedLog, core: Core = standardCore): { ok: true; divergence: Divergence | null } | { ok: false; message: string } {
  const replayed = replayLog(log, core);
  if (!replayed.ok) return replayed;
  const { start, steps } = replayed.replay;
  const torn = log.warnings.length > 0;
  // A log with no input yet may have lost its first commands with the process that was writing them.
  if (!sameCommands(start.recorded, start.commands, steps.length === 0)) {
    return { ok: true, divergence: { seq: 0, expected: start.recorded, got: start.commands } };
  }
  for (const [index, step] of steps.entries()) {
    if (!sameCommands(step.recorded, step.commands, torn && index === steps.length - 1)) {
      return { ok: true, divergence: { seq: step.seq, input: step.input, expected: step.recorded, got: step.commands } };
    }
  }
  return { ok: true, divergence: null };
}

/** The core as it was once the record `seq` was written: after the input at or before it, with its commands. */
export function stateAt(replay: Replay, seq: number): CoreState {
  let state = replay.start.state;
  for (const step of replay.steps) {
    if (step.seq > seq) break;
    state = step.state;
  }
  return state;
}

export function machineStates(state: CoreState): MachineStates {
  return {
    executor: stateName(state.executor.value),
    pods: Object.fromEntries(Object.entries(state.pods).map(([taskId, pod]) => [taskId, stateName(pod.value)])),
  };
}

/** `{ subscribed: 'serving' }` → `subscribed.serving`. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => (child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${stateName(child)}`))
    .join(', ');
}

/** Whether replay gave the recorded commands; of a log that may have been cut, the recorded ones may be a prefix. */
export function sameCommands(recorded: Command[], replayed: Command[], mayBeCut: boolean): boolean {
  // Most inputs of a long run (acknowledgements, heartbeats) decide nothing; those need no comparison.
  if (recorded.length === 0 && replayed.length === 0) return true;
  if (!mayBeCut && recorded.length !== replayed.length) return false;
  if (mayBeCut && recorded.length < replayed.length) return sameJson(recorded, replayed.slice(0, recorded.length));
  return sameJson(recorded, replayed);
}

/**
 * Whether two values would be written as the same JSON, whatever their key
 * order: a field left undefined counts as absent, as JSON.stringify drops it.
 * Commands are plain data, so nothing else of JSON's conversions applies.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item ?? null, b[index] ?? null));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let fields = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
    fields++;
  }
  for (const key in right) if (right[key] !== undefined) fields--;
  return fields === 0;
}
