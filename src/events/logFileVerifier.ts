import { createReadStream } from 'node:fs';
import { standardCore, type Core, type CoreState } from '../machines/decider.js';
import { decodeWith } from './codec.js';
import type { Command } from './commands.js';
import type { Input } from './inputs.js';
import { decodeRecord, LogHeader } from './logRecord.js';
import { parseJson } from './eventLog.js';
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
  let lineNumber = 0;
  let state: CoreState | undefined;
  let start: { replayed: Command[]; recorded: Command[] } | undefined;
  let open: OpenStep | undefined;
  let inputs = 0;
  let commands = 0;
  const warnings: string[] = [];

  /** Takes one complete line; an answer ends the verification (an error, or the divergence found). */
  const take = (line: string, last: boolean): { message: string } | { divergence: Divergence } | undefined => {
    lineNumber++;
    const json = parseJson(line);
    if (lineNumber === 1) {
      const header = decodeWith(LogHeader, json);
      if (!header.ok) return { message: `line 1: not an event log header: ${header.message}` };
      // The header's settings are checked and the core started as replayLog does.
      const started = replayLog({ header: header.value, records: [], warnings: [] }, core);
      if (!started.ok) return { message: started.message };
      state = started.replay.start.state;
      start = { replayed: started.replay.start.commands, recorded: [] };
      return undefined;
    }
    if (json === undefined) {
      if (last) {
        warnings.push(`line ${lineNumber}: incomplete last record (the writer stopped mid-line), ignored`);
        return undefined;
      }
      return { message: `line ${lineNumber}: not JSON` };
    }
    const record = decodeRecord(json);
    if (!record.ok) return { message: `line ${lineNumber}: ${record.message}` };
    const value = record.value;
    if (value.kind === 'command') {
      commands++;
      (open ? open.recorded : start!.recorded).push(value.command);
      return undefined;
    }
    inputs++;
    const settled = settle(false);
    if (settled) return { divergence: settled };
    const decision = core.decide(state!, value.input);
    state = decision.state;
    open = { seq: value.seq, input: value.input, replayed: decision.commands, recorded: [] };
    return undefined;
  };

  /** Compares the start, before the first input, or the open step, before the next; `end` when the log is done. */
  const settle = (end: boolean): Divergence | undefined => {
    const mayBeCut = end && warnings.length > 0;
    if (open === undefined) {
      if (start === undefined) return undefined;
      const { recorded, replayed } = start;
      start = undefined;
      // Settled here only when no input came: the writer may have died before its first commands.
      return sameCommands(recorded, replayed, mayBeCut || end) ? undefined : { seq: 0, expected: recorded, got: replayed };
    }
    const step = open;
    open = undefined;
    return sameCommands(step.recorded, step.replayed, mayBeCut) ? undefined : { seq: step.seq, input: step.input, expected: step.recorded, got: step.replayed };
  };

  let buffered = '';
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const outcome = take(line, false);
        if (outcome) return 'message' in outcome ? { ok: false, message: outcome.message } : { ok: true, divergence: outcome.divergence, inputs, commands, warnings };
      }
    }
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  } finally {
    stream.destroy();
  }
  if (buffered !== '' || lineNumber === 0) {
    const outcome = take(buffered, true);
    if (outcome) return 'message' in outcome ? { ok: false, message: outcome.message } : { ok: true, divergence: outcome.divergence, inputs, commands, warnings };
  }
  // Settles the open step, then the start if no input came.
  const divergence = settle(true) ?? settle(true) ?? null;
  return { ok: true, divergence, inputs, commands, warnings };
}
