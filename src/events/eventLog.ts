import { closeSync, openSync, writeSync } from 'node:fs';
import { decodeWith } from './codec.js';
import { decodeRecord, encodeRecord, LogHeader, type LogRecord } from './logRecord.js';
import { DEFAULT_SECRET_WORDS, maskSecrets } from './secretValues.js';

/**
 * Appends the log, one synchronous write a record, so a record is on disk
 * before the executor acts on it. A failing disk does not stop the pod: the
 * first failure is kept for the status update and reported once.
 */
export class EventLogWriter {
  private fd: number | null;
  private failure: string | null = null;

  constructor(
    readonly path: string,
    header: LogHeader,
    private readonly onFailure: (message: string) => void = () => {},
    /** Environment values whose names hold one of these words are written masked: a log is read by more people than a pod. */
    private readonly secretWords: readonly string[] = DEFAULT_SECRET_WORDS,
  ) {
    this.fd = null;
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      this.fail(error);
    }
    this.write(JSON.stringify(header));
  }

  append(record: LogRecord): void {
    this.write(encodeRecord(maskSecrets(record, this.secretWords)));
  }

  /** Several records in one write, so a killed process leaves all of them or none: an input with its commands. */
  appendAll(records: LogRecord[]): void {
    if (records.length > 0) this.write(records.map((record) => encodeRecord(maskSecrets(record, this.secretWords))).join('\n'));
  }

  /** Why the log is incomplete, if it is. */
  get problem(): string | null {
    return this.failure;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private write(line: string): void {
    if (this.fd === null) return;
    try {
      writeSync(this.fd, line + '\n');
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = `event log ${this.path}: ${(error as Error).message}`;
    this.onFailure(this.failure);
  }
}

export interface ParsedLog {
  header: LogHeader;
  records: LogRecord[];
  /** Lines that could not be read, by line number; a torn last line is only a warning. */
  warnings: string[];
}

export type ParsedLogResult = { ok: true; log: ParsedLog } | { ok: false; message: string };

export function parseEventLog(text: string): ParsedLogResult {
  const lines = text.split('\n');
  const torn = lines[lines.length - 1] !== '';
  if (!torn) lines.pop();
  const [first, ...rest] = lines;
  const header = first === undefined ? null : parseJson(first);
  const decodedHeader = decodeWith(LogHeader, header);
  if (!decodedHeader.ok) return { ok: false, message: `line 1: not an event log header: ${decodedHeader.message}` };

  const records: LogRecord[] = [];
  const warnings: string[] = [];
  for (const [index, line] of rest.entries()) {
    const lineNumber = index + 2;
    const last = index === rest.length - 1;
    const json = parseJson(line);
    if (json === undefined) {
      if (last && torn) {
        warnings.push(`line ${lineNumber}: incomplete last record (the writer stopped mid-line), ignored`);
        continue;
      }
      return { ok: false, message: `line ${lineNumber}: not JSON` };
    }
    const record = decodeRecord(json);
    if (!record.ok) return { ok: false, message: `line ${lineNumber}: ${record.message}` };
    records.push(record.value);
  }
  return { ok: true, log: { header: decodedHeader.value, records, warnings } };
}

/** A line's JSON, or undefined when it is not JSON (a torn line, say). */
export function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
