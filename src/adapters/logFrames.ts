import { StringDecoder } from 'node:string_decoder';

export type OutputStream = 'stdout' | 'stderr';

/** One line a container wrote, without its newline, and Docker's timestamp of it. */
export interface LogLine {
  readonly stream: OutputStream;
  readonly text: string;
}

/** A line with no newline is cut here, so one endless line cannot grow the executor's memory. */
export const MAX_LINE_CHARS = 64 * 1024;

const HEADER_BYTES = 8;
const STREAM_TYPES: Record<number, OutputStream | undefined> = { 1: 'stdout', 2: 'stderr' };
// RFC3339Nano with Docker's fixed nine digits, so timestamps also compare as text.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

/**
 * Turns the body of Docker's `GET /containers/{id}/logs?timestamps=1`
 * into lines. Without a TTY the body is multiplexed: frames of an 8-byte
 * header (stream, 3 zeros, big-endian length) and a payload; with a TTY it
 * is one raw stream. Every message starts with its timestamp; messages at
 * or before `after` were read by an earlier follow and are skipped.
 */
export class LogFrameDecoder {
  private pendingFrame: Buffer = Buffer.alloc(0);
  private readonly partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  private readonly raw = new StringDecoder('utf8');
  private rawPending = '';
  /** The newest timestamp seen: where a later follow of the same container resumes. */
  lastTimestamp: string | undefined;

  constructor(
    private readonly multiplexed: boolean,
    private readonly after?: string,
  ) {}

  push(chunk: Buffer): LogLine[] {
    const lines: LogLine[] = [];
    if (!this.multiplexed) {
      this.takeRaw(this.raw.write(chunk), lines);
      return lines;
    }
    let buffer = this.pendingFrame.length > 0 ? Buffer.concat([this.pendingFrame, chunk]) : chunk;
    while (buffer.length >= HEADER_BYTES) {
      const size = buffer.readUInt32BE(4);
      if (buffer.length < HEADER_BYTES + size) break;
      const stream = STREAM_TYPES[buffer[0] ?? 0];
      if (stream !== undefined) this.takeMessage(stream, buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + size), lines);
      buffer = buffer.subarray(HEADER_BYTES + size);
    }
    this.pendingFrame = Buffer.from(buffer);
    return lines;
  }

  /** What is left when the stream ends: a last line without its newline. */
  end(): LogLine[] {
    const lines: LogLine[] = [];
    if (!this.multiplexed) this.takeRaw(`${this.raw.end()}\n`, lines);
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') lines.push({ stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
    return lines;
  }

  /** A TTY's raw stream: every line is a message of its own, behind its timestamp. */
  private takeRaw(text: string, lines: LogLine[]): void {
    const pieces = `${this.rawPending}${text}`.split('\n');
    this.rawPending = pieces.pop() ?? '';
    if (this.rawPending.length > MAX_LINE_CHARS) {
      pieces.push(this.rawPending);
      this.rawPending = '';
    }
    for (const piece of pieces) {
      const line = this.withoutTimestamp(piece);
      if (line !== null) lines.push({ stream: 'stdout', text: line.replace(/\r$/, '') });
    }
  }

  private takeMessage(stream: OutputStream, message: string, lines: LogLine[]): void {
    const text = this.withoutTimestamp(message);
    if (text === null) return;
    // Docker splits a line longer than 16 KiB into messages without a newline; they join up again here.
    const pieces = `${this.partial[stream]}${text}`.split('\n');
    this.partial[stream] = pieces.pop() ?? '';
    if (this.partial[stream].length > MAX_LINE_CHARS) {
      pieces.push(this.partial[stream]);
      this.partial[stream] = '';
    }
    for (const piece of pieces) lines.push({ stream, text: piece.replace(/\r$/, '') });
  }

  /** The message without its timestamp; null when an earlier follow already read it. */
  private withoutTimestamp(message: string): string | null {
    const space = message.indexOf(' ');
    const stamp = space > 0 ? message.slice(0, space) : '';
    if (!TIMESTAMP.test(stamp)) return message;
    if (this.after !== undefined && stamp <= this.after) return null;
    this.lastTimestamp = stamp;
    return message.slice(space + 1);
  }
}

/** Docker's `since` for a follow that resumes after `timestamp`: Unix seconds with the nanoseconds. */
export function sinceParameter(timestamp: string): string {
  const seconds = Math.floor(Date.parse(`${timestamp.slice(0, 19)}Z`) / 1000);
  return `${seconds}.${timestamp.slice(20, 29)}`;
}
