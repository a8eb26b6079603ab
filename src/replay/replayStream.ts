import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { LogStreamError, readLogChunks, type Following, type LogItem } from '../events/logReader.js';
import type { LogHeader } from '../events/logRecord.js';
import type { CoreSettings } from '../events/settings.js';
import { standardCore, type Core, type CoreState } from '../machines/decider.js';
import { machineStates, type MachineStates } from './machineStates.js';
import { startReplay } from './replayStart.js';

/**
 * A recorded log folded again through the core, offline, as it is read:
 * each input is folded and handed on with the states it moved, then
 * dropped, so a timeline, a verification or the state at one record costs
 * the same memory for a day-long log as for a minute's. Pure, so the same
 * log always replays the same way. A line that does not decode ends it with
 * a LogStreamError naming the line, after what came before was handed on.
 */

export interface StreamedStep {
  seq: number;
  at: string;
  input: Input;
  before: MachineStates;
  after: MachineStates;
  /** What replay gave for this input. */
  commands: Command[];
  /** The whole core once this input and its commands were done. */
  state: CoreState;
}

export type ReplayItem =
  /** The core started on the header's settings, with what it issued before any input. */
  | { kind: 'start'; header: LogHeader; settings: CoreSettings; commands: Command[]; state: CoreState }
  | { kind: 'step'; step: StreamedStep }
  /** A command the log recorded, after the step whose input gave it. */
  | { kind: 'recorded'; seq: number; command: Command }
  | { kind: 'warning'; message: string };

/** The fold itself, one log item at a time; `replayStream` feeds it a file, `replayLog` a parsed log. */
export class ReplayFold {
  private state: CoreState | undefined;
  private states: MachineStates | undefined;

  constructor(private readonly core: Core = standardCore) {}

  *takeEach(items: Iterable<LogItem>): Generator<ReplayItem> {
    for (const item of items) yield this.take(item);
  }

  take(item: LogItem): ReplayItem {
    if (item.kind === 'warning') return item;
    if (item.kind === 'header') {
      const started = startReplay(item.header, this.core);
      if (!started.ok) throw new LogStreamError(started.message);
      this.state = started.start.state;
      this.states = machineStates(this.state);
      return { kind: 'start', header: item.header, settings: started.settings, commands: started.start.commands, state: this.state };
    }
    const { record } = item;
    if (record.kind === 'command') return { kind: 'recorded', seq: record.seq, command: record.command };
    const decision = this.core.decide(this.state!, record.input);
    const after = machineStates(decision.state);
    const step: StreamedStep = { seq: record.seq, at: record.at, input: record.input, before: this.states!, after, commands: decision.commands, state: decision.state };
    this.state = decision.state;
    this.states = after;
    return { kind: 'step', step };
  }
}

/** The fold of a file a chunk of lines at a time, each item folded only as the chunk is iterated. */
export async function* replayChunks(file: string, core: Core = standardCore, following?: Following): AsyncGenerator<Iterable<ReplayItem>> {
  const fold = new ReplayFold(core);
  for await (const items of readLogChunks(file, following)) yield fold.takeEach(items);
}

export async function* replayStream(file: string, core: Core = standardCore, following?: Following): AsyncGenerator<ReplayItem> {
  for await (const items of replayChunks(file, core, following)) yield* items;
}
