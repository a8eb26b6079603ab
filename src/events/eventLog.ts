import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeRecord, type LogHeader, type LogRecord } from './logRecord.js';
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
