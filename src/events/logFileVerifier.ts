import { standardCore, type Core } from '../machines/decider.js';
import type { Command } from './commands.js';
import type { Input } from './inputs.js';
import { sameCommands, type Divergence } from './replay.js';
import { replayStream } from './replayStream.js';

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

  try {
    for await (const item of replayStream(file, core)) {
      if (item.kind === 'warning') warnings.push(item.message);
      else if (item.kind === 'start') start = { replayed: item.commands, recorded: [] };
      else if (item.kind === 'recorded') {
        commands++;
        (open ? open.recorded : start!.recorded).push(item.command);
      } else {
        inputs++;
        const divergence = settle(false);
        if (divergence) return { ok: true, divergence, inputs, commands, warnings };
        const { seq, input, commands: replayed } = item.step;
        open = { seq, input, replayed, recorded: [] };
      }
    }
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  // Settles the open step, then the start if no input came.
  const divergence = settle(true) ?? settle(true) ?? null;
  return { ok: true, divergence, inputs, commands, warnings };
}
