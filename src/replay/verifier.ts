import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { itemsOf, LogStreamError, type ParsedLog } from '../events/logReader.js';
import { standardCore, type Core } from '../machines/decider.js';
import { ReplayFold, replayChunks, type ReplayItem } from './replayStream.js';
import { sameCommands } from './sameCommands.js';

/**
 * Whether replaying a log's inputs gives the commands it recorded: what
 * `replay --verify` runs, what every integration spec runs on the logs its
 * pods wrote, and what keeps the fixtures of older executors replaying.
 * It stops at the first divergence, so a bad line after it goes unseen. The
 * last input of a log with a torn last line may have lost its last
 * commands, so only a prefix is asked of it.
 */

export interface Divergence {
  /** The input whose commands differ, or 0 for the commands issued on starting. */
  seq: number;
  input?: Input;
  /** What the log recorded. */
  expected: Command[];
  /** What replay gave. */
  got: Command[];
}

export type Verification =
  | { ok: true; divergence: Divergence | null; inputs: number; commands: number; warnings: string[] }
  | { ok: false; message: string };

/** The input whose recorded commands are still being read. */
interface OpenStep {
  seq: number;
  input: Input;
  replayed: Command[];
  recorded: Command[];
}

/** Compares a replay item by item; the start before the first input, each input before the next, the last at `end`. */
export class LogVerifier {
  inputs = 0;
  commands = 0;
  readonly warnings: string[] = [];
  private start: { replayed: Command[]; recorded: Command[] } | undefined;
  private open: OpenStep | undefined;

  /** The first divergence, once this item shows it. */
  take(item: ReplayItem): Divergence | undefined {
    if (item.kind === 'warning') this.warnings.push(item.message);
    else if (item.kind === 'start') this.start = { replayed: item.commands, recorded: [] };
    else if (item.kind === 'recorded') {
      this.commands++;
      (this.open ? this.open.recorded : this.start!.recorded).push(item.command);
    } else {
      this.inputs++;
      const divergence = this.settle(false);
      const { seq, input, commands: replayed } = item.step;
      this.open = { seq, input, replayed, recorded: [] };
      return divergence;
    }
    return undefined;
  }

  /** The log is done: the open step settles, then the start if no input came. */
  end(): Divergence | null {
    return this.settle(true) ?? this.settle(true) ?? null;
  }

  private settle(end: boolean): Divergence | undefined {
    if (this.open === undefined) {
      if (this.start === undefined) return undefined;
      const { recorded, replayed } = this.start;
      this.start = undefined;
      // Settled here only when no input came: the writer may have died before its first commands.
      return sameCommands(recorded, replayed, end) ? undefined : { seq: 0, expected: recorded, got: replayed };
    }
    const step = this.open;
    this.open = undefined;
    const mayBeCut = end && this.warnings.length > 0;
    return sameCommands(step.recorded, step.replayed, mayBeCut) ? undefined : { seq: step.seq, input: step.input, expected: step.recorded, got: step.replayed };
  }

  verification(divergence: Divergence | null): Verification {
    return { ok: true, divergence, inputs: this.inputs, commands: this.commands, warnings: this.warnings };
  }
}

/** Verifies a log file as it is read, in flat memory however long the log. */
export async function verifyLogFile(file: string, core: Core = standardCore): Promise<Verification> {
  const verifier = new LogVerifier();
  try {
    for await (const items of replayChunks(file, core)) {
      for (const item of items) {
        const divergence = verifier.take(item);
        if (divergence) return verifier.verification(divergence);
      }
    }
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  return verifier.verification(verifier.end());
}

/** `verifyLogFile` of a log already read. */
export function verifyLog(log: ParsedLog, core: Core = standardCore): { ok: true; divergence: Divergence | null } | { ok: false; message: string } {
  const verifier = new LogVerifier();
  const fold = new ReplayFold(core);
  try {
    for (const item of itemsOf(log)) {
      const divergence = verifier.take(fold.take(item));
      if (divergence) return { ok: true, divergence };
    }
  } catch (error) {
    if (error instanceof LogStreamError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, divergence: verifier.end() };
}
