import type { Command } from '../events/commands.js';
import { itemsOf, LogStreamError, type ParsedLog } from '../events/logReader.js';
import type { CoreSettings } from '../events/settings.js';
import { standardCore, type Core, type CoreState } from '../machines/decider.js';
import { ReplayFold, type StreamedStep } from './replayStream.js';

/**
 * The replay of a whole log kept in memory, for what needs to look back
 * (a path drawn on a diagram, a spec): the streamed fold, collected.
 */

export interface ReplayStep extends StreamedStep {
  /** What the log recorded right after it. */
  recorded: Command[];
}

export interface Replay {
  settings: CoreSettings;
  /** What the core issued on starting, before any input, replayed and recorded. */
  start: { commands: Command[]; recorded: Command[]; state: CoreState };
  steps: ReplayStep[];
}

export type ReplayResult = { ok: true; replay: Replay } | { ok: false; message: string };

export function replayLog(log: ParsedLog, core: Core = standardCore): ReplayResult {
  const fold = new ReplayFold(core);
  let replay: Replay | undefined;
  try {
    for (const item of itemsOf(log)) {
      const replayed = fold.take(item);
      if (replayed.kind === 'start') replay = { settings: replayed.settings, start: { commands: replayed.commands, recorded: [], state: replayed.state }, steps: [] };
      else if (replayed.kind === 'step') replay!.steps.push({ ...replayed.step, recorded: [] });
      else if (replayed.kind === 'recorded') (replay!.steps.at(-1)?.recorded ?? replay!.start.recorded).push(replayed.command);
    }
  } catch (error) {
    if (error instanceof LogStreamError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, replay: replay! };
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
