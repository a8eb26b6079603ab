import { standardCore, type Core, type CoreState } from '../machines/decider.js';
import type { Command } from './commands.js';
import type { Input } from './inputs.js';
import { streamLog } from './logStream.js';
import { replayLog, sameCommands, type Divergence } from './replay.js';

/**
 * `verifyLog` read from the file as it goes: each line is decoded, folded
 * and compared, then dropped, so memory stays flat however long the log.
 * Same answers as `parseEventLog` then `verifyLog`, including a torn last
 * line, which is only a warning and of whose input only a prefix of the
 * commands is asked; but it stops at the first divergence, so a bad line
 * after it goes unseen.
 */

export type FileVerification =
  | { ok: true; divergence: Divergence | null; inputs: number; commands: number; warnings: string[] }
  | { ok: false; message: string };

/** The input whose recorded commands are still being read. */
interface OpenStep {
  seq: number;
  input: Input;
  replayed: Command[];
  recorded: Command[];
}

export async function verifyLogFile(file: string, core: Core = standardCore): Promise<FileVerification> {
  let state: CoreState | undefined;
  let start: { replayed: Command[]; recorded: Command[] } | undefined;
  let open: OpenStep | undefined;
  let inputs = 0;
  let commands = 0;
  const warnings: string[] = [];

  /** Compares the start, before the first input, or the open step, before the next; `end` when the log is done. */
  const settle = (end: boolean): Divergence | undefined => {
    if (open === undefined) {
      if (start === undefined) return undefined;
      const { recorded, replayed } = start;
      start = undefined;
      // Settled here only when no input came: the writer may have died before its first commands.
      return sameCommands(recorded, replayed, end) ? undefined : { seq: 0, expected: recorded, got: replayed };
    }
    const step = open;
    open = undefined;
    const mayBeCut = end && warnings.length > 0;
    return sameCommands(step.recorded, step.replayed, mayBeCut) ? undefined : { seq: step.seq, input: step.input, expected: step.recorded, got: step.replayed };
  };
  const found = (divergence: Divergence): FileVerification => ({ ok: true, divergence, inputs, commands, warnings });

  try {
    for await (const item of streamLog(file)) {
      if (item.kind === 'warning') {
        warnings.push(item.message);
        continue;
      }
      if (item.kind === 'header') {
        // The header's settings are checked and the core started as replayLog does.
        const started = replayLog({ header: item.header, records: [], warnings: [] }, core);
        if (!started.ok) return { ok: false, message: started.message };
        state = started.replay.start.state;
        start = { replayed: started.replay.start.commands, recorded: [] };
        continue;
      }
      const record = item.record;
      if (record.kind === 'command') {
        commands++;
        (open ? open.recorded : start!.recorded).push(record.command);
        continue;
      }
      inputs++;
      const settled = settle(false);
      if (settled) return found(settled);
      const decision = core.decide(state!, record.input);
      state = decision.state;
      open = { seq: record.seq, input: record.input, replayed: decision.commands, recorded: [] };
    }
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  // Settles the open step, then the start if no input came.
  const divergence = settle(true) ?? settle(true) ?? null;
  return { ok: true, divergence, inputs, commands, warnings };
}
