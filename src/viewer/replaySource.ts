import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import type { LogHeader } from '../events/logRecord.js';
import { replayStream } from '../replay/replayStream.js';
import type { CoreState } from '../machines/decider.js';

/**
 * The one thing the page takes from replay: the log folded as it is read.
 * Kept this narrow so that the page follows whichever fold replay uses.
 */
export type ReplayedItem =
  | { kind: 'start'; header: LogHeader; commands: Command[]; state: CoreState }
  | { kind: 'step'; seq: number; at: string; input: Input; commands: Command[]; state: CoreState }
  | { kind: 'recorded'; seq: number; command: Command }
  | { kind: 'warning'; message: string };

export async function* replayedItems(file: string): AsyncGenerator<ReplayedItem> {
  for await (const item of replayStream(file)) {
    if (item.kind === 'step') {
      const { seq, at, input, commands, state } = item.step;
      yield { kind: 'step', seq, at, input, commands, state };
    } else yield item;
  }
}
