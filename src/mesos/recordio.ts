/**
 * RecordIO, as the Mesos agent frames its event stream: the decimal length
 * of a record, a line feed, then exactly that many bytes. Records are not
 * aligned with HTTP chunks, so the reader buffers across them.
 */

export class RecordIoError extends Error {
  override readonly name = 'RecordIoError';

  /** Whole records that came before the malformed part, in the chunk that failed; the caller still owes them delivery. */
  constructor(message: string, readonly completed: readonly Buffer[] = []) {
    super(message);
  }
}

/** Longest length prefix we read before deciding the header is garbage. */
const MAX_HEADER_DIGITS = 20;

export class RecordIoReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Length of the record being read, once its header is complete. */
  private expected: number | null = null;
  private failed: RecordIoError | null = null;

  constructor(private readonly maxRecordBytes = 16 * 1024 * 1024) {}

  /** Feeds a chunk; returns every record it completes. Throws a RecordIoError, carrying the records before the fault, on a malformed stream. */
  push(chunk: Uint8Array): Buffer[] {
    if (this.failed) throw this.failed;
    if (chunk.length > 0) {
      this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.pendingBytes += chunk.length;
    }
    const records: Buffer[] = [];
    try {
      for (let record = this.next(); record; record = this.next()) records.push(record);
    } catch (error) {
      this.failed = error as RecordIoError;
      this.pending = [];
      this.pendingBytes = 0;
      throw new RecordIoError(this.failed.message, records);
    }
    return records;
  }

  /** True when the stream ended between records, as a clean end must. */
  get atBoundary(): boolean {
    return this.pendingBytes === 0 && this.expected === null;
  }

  private next(): Buffer | null {
    if (this.expected === null) {
      const buffer = this.joined();
      const newline = buffer.indexOf(0x0a);
      if (newline === -1) {
        if (buffer.length > MAX_HEADER_DIGITS) {
          throw new RecordIoError(`record length prefix longer than ${MAX_HEADER_DIGITS} bytes without a line feed`);
        }
        return null;
      }
      const header = buffer.subarray(0, newline).toString('latin1');
      if (!/^[0-9]{1,20}$/.test(header)) {
        throw new RecordIoError(`record length prefix is not a decimal number: ${JSON.stringify(header.slice(0, 40))}`);
      }
      const length = Number(header);
      if (length > this.maxRecordBytes) {
        throw new RecordIoError(`record of ${length} bytes exceeds the limit of ${this.maxRecordBytes} bytes`);
      }
      this.expected = length;
      this.replace(buffer.subarray(newline + 1));
    }
    if (this.pendingBytes < this.expected) return null;
    const buffer = this.joined();
    const record = Buffer.from(buffer.subarray(0, this.expected));
    this.replace(buffer.subarray(this.expected));
    this.expected = null;
    return record;
  }

  private joined(): Buffer {
    if (this.pending.length !== 1) this.replace(Buffer.concat(this.pending, this.pendingBytes));
    return this.pending[0] ?? Buffer.alloc(0);
  }

  private replace(buffer: Buffer): void {
    this.pending = buffer.length > 0 ? [buffer] : [];
    this.pendingBytes = buffer.length;
  }
}

export function encodeRecord(message: Uint8Array | string): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
  return Buffer.concat([Buffer.from(`${body.length}\n`, 'latin1'), body]);
}
