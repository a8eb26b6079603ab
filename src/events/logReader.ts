import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeWith, type Decoded } from './codec.js';
import { decodeRecord, LogHeader, RecordEnvelope, type LogRecord } from './logRecord.js';

/**
 * The one way the event log is read. `LogLines` judges the lines in order:
 * a header first; a line that does not decode ends the reading with an
 * error naming it; an incomplete last line (the writer stopped mid-write)
 * is only a warning. `readLog` feeds it a file as it goes, each line
 * decoded, handed on and dropped, so memory stays flat however long the
 * log; `parseEventLog` is the same reading of a text, collected.
 */

export type LogItem = { kind: 'header'; header: LogHeader } | { kind: 'record'; record: LogRecord } | { kind: 'warning'; message: string };

/** A line of the log that is not what it should be; the message names the line. */
export class LogStreamError extends Error {}

/** Keep reading as the executor writes, until the signal aborts; a line still being written waits for its end. */
export interface Following {
  signal?: AbortSignal;
  intervalMs?: number;
}

export class LogLines {
  private lineNumber = 0;

  /** Whether no line was taken yet: an empty log still has its missing header judged. */
  get empty(): boolean {
    return this.lineNumber === 0;
  }

  /** Complete lines, each judged only when the iteration reaches it. */
  *takeEach(lines: readonly string[]): Generator<LogItem> {
    for (const line of lines) yield this.take(line);
  }

  /** One line without its newline; `last`: what follows the final newline, which a stopped writer may have torn. */
  take(line: string, last = false): LogItem {
    this.lineNumber++;
    const json = parseJson(line);
    if (this.lineNumber === 1) {
      const header = decodeWith(LogHeader, json ?? null);
      if (!header.ok) throw new LogStreamError(`line 1: not an event log header: ${header.message}`);
      return { kind: 'header', header: header.value };
    }
    if (json === undefined) {
      if (last) return { kind: 'warning', message: `line ${this.lineNumber}: incomplete last record (the writer stopped mid-line), ignored` };
      throw new LogStreamError(`line ${this.lineNumber}: not JSON`);
    }
    const record = decodeRecord(json);
    if (!record.ok) throw new LogStreamError(`line ${this.lineNumber}: ${record.message}`);
    return { kind: 'record', record: record.value };
  }
}

/** One line read alone, as a reader of a log being written takes it: the record, or why it is none (the header, a torn line). */
export function readRecordLine(line: string): Decoded<LogRecord> {
  const json = parseJson(line);
  return json === undefined ? { ok: false, message: 'not JSON' } : decodeRecord(json);
}

/**
 * One line's frame (seq, at, kind, type, payload) with its payload left
 * unjudged: for a display that shows what it knows of each record and must
 * not go blank on a record a newer executor shaped differently.
 */
export function readEnvelopeLine(line: string): Decoded<RecordEnvelope> {
  const json = parseJson(line);
  return json === undefined ? { ok: false, message: 'not JSON' } : decodeWith(RecordEnvelope, json);
}

/**
 * The file's items a chunk of lines at a time (about a megabyte each), so a
 * long log costs one await per chunk rather than one per line. Each chunk
 * judges its lines only as it is iterated, so a line's record is dropped
 * before the next is read and memory stays flat; a bad line ends the
 * iteration with its error, after the items before it.
 */
export async function* readLogChunks(file: string, following?: Following): AsyncGenerator<Iterable<LogItem>> {
  const lines = new LogLines();
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new LogStreamError((error as Error).message);
  }
  let buffered = '';
  const chunk = Buffer.alloc(1 << 20);
  const decoder = new TextDecoder('utf-8');
  let position = 0;
  try {
    for (;;) {
      let read: number;
      try {
        ({ bytesRead: read } = await handle.read(chunk, 0, chunk.length, position));
      } catch (error) {
        throw new LogStreamError((error as Error).message);
      }
      if (read === 0) {
        if (!following || following.signal?.aborted) break;
        await sleep(following.intervalMs ?? 250, undefined, { signal: following.signal }).catch(() => {});
        continue;
      }
      position += read;
      buffered += decoder.decode(chunk.subarray(0, read), { stream: true });
      const pieces = buffered.split('\n');
      buffered = pieces.pop() ?? '';
      yield lines.takeEach(pieces);
    }
  } finally {
    await handle.close();
  }
  buffered += decoder.decode();
  if (buffered !== '' || lines.empty) yield [lines.take(buffered, true)];
}

/** `readLogChunks` an item at a time. */
export async function* readLog(file: string, following?: Following): AsyncGenerator<LogItem> {
  for await (const items of readLogChunks(file, following)) yield* items;
}

export interface ParsedLog {
  header: LogHeader;
  records: LogRecord[];
  /** Lines that could not be read, by line number; a torn last line is only a warning. */
  warnings: string[];
}

export type ParsedLogResult = { ok: true; log: ParsedLog } | { ok: false; message: string };

/** A whole log's text read as `readLog` reads its file. */
export function parseEventLog(text: string): ParsedLogResult {
  const lines = new LogLines();
  const pieces = text.split('\n');
  const tail = pieces.pop()!;
  const log: ParsedLog = { header: undefined as unknown as LogHeader, records: [], warnings: [] };
  const collect = (item: LogItem) => {
    if (item.kind === 'header') log.header = item.header;
    else if (item.kind === 'record') log.records.push(item.record);
    else log.warnings.push(item.message);
  };
  try {
    for (const line of pieces) collect(lines.take(line));
    if (tail !== '' || lines.empty) collect(lines.take(tail, true));
  } catch (error) {
    if (error instanceof LogStreamError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, log };
}

/** A parsed log handed on as `readLog` hands on its file's lines. */
export function* itemsOf(log: ParsedLog): Generator<LogItem> {
  yield { kind: 'header', header: log.header };
  for (const record of log.records) yield { kind: 'record', record };
  for (const message of log.warnings) yield { kind: 'warning', message };
}

/** A line's JSON, or undefined when it is not JSON (a torn line, say). */
export function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
