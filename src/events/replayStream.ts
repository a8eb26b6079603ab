import { standardCore, type Core, type CoreState } from '../machines/decider.js';
import type { Command } from './commands.js';
import type { LogHeader } from './logRecord.js';
import { LogStreamError, streamLog, type Following } from './logStream.js';
import { machineStates, startReplay, type MachineStates, type ReplayStep } from './replay.js';

/**
 * `replayLog` as the log is read: each input is folded and handed on with
 * the states it moved, then dropped, so a timeline or the state at one
 * record costs the same memory for a day-long log as for a minute's. A
 * line that does not decode ends it with a LogStreamError naming the line,
 * after what came before it was handed on.
 */

export type StreamedStep = Omit<ReplayStep, 'recorded'>;

export type ReplayItem =
  | { kind: 'start'; header: LogHeader; commands: Command[]; state: CoreState }
  | { kind: 'step'; step: StreamedStep }
  /** A command the log recorded, after the step whose input gave it. */
  | { kind: 'recorded'; seq: number; command: Command }
  | { kind: 'warning'; message: string };

export async function* replayStream(file: string, core: Core = standardCore, following?: Following): AsyncGenerator<ReplayItem> {
  let state: CoreState | undefined;
  let states: MachineStates | undefined;
  for await (const item of streamLog(file, following)) {
    if (item.kind === 'warning') {
      yield item;
    } else if (item.kind === 'header') {
      const started = startReplay(item.header, core);
      if (!started.ok) throw new LogStreamError(started.message);
      state = started.start.state;
      states = machineStates(state);
      yield { kind: 'start', header: item.header, commands: started.start.commands, state };
    } else if (item.record.kind === 'command') {
      yield { kind: 'recorded', seq: item.record.seq, command: item.record.command };
    } else {
      const { seq, at, input } = item.record;
      const decision = core.decide(state!, input);
      const after = machineStates(decision.state);
      const step: StreamedStep = { seq, at, input, before: states!, after, commands: decision.commands, state: decision.state };
      state = decision.state;
      states = after;
      yield { kind: 'step', step };
    }
  }
}
