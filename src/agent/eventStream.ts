import type { ServerResponse } from 'node:http';
import { encodeEvent } from '../mesos/protobufCodec.js';
import { APPLICATION_PROTOBUF } from './mediaType.js';

/** Frames one message as a RecordIO record: decimal byte length, '\n', the bytes. */
export function recordIoFrame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length}\n`, 'ascii'), message]);
}

/**
 * The open response of a SUBSCRIBE call: RecordIO-framed events, in JSON or
 * protobuf as the SUBSCRIBE's Accept chose, on a chunked 200 response. With `chunkSize`, the bytes queued in one turn of the
 * event loop are written in pieces of that size, so records straddle chunks
 * and chunks hold several records, as a reader must expect.
 */
export class EventStream {
  private pending: Buffer[] = [];
  private flushScheduled = false;
  private ended = false;
  readonly closed: Promise<void>;

  constructor(
    private readonly response: ServerResponse,
    readonly mediaType: string,
    private readonly chunkSize?: number,
  ) {
    response.writeHead(200, { 'Content-Type': mediaType });
    response.flushHeaders();
    this.closed = new Promise((resolve) => response.once('close', () => {
      this.ended = true;
      resolve();
    }));
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  send(event: object): void {
    const message = this.mediaType === APPLICATION_PROTOBUF ? encodeEvent(event) : Buffer.from(JSON.stringify(event), 'utf8');
    this.sendFrame(recordIoFrame(message));
  }

  /** Writes bytes as they are, framed or not, for tests of a reader's defences. */
  sendFrame(bytes: Buffer): void {
    if (this.ended) return;
    if (this.chunkSize === undefined) {
      this.response.write(bytes);
      return;
    }
    this.pending.push(bytes);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Ends the stream cleanly, after what is already queued. */
  close(): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    this.response.end();
  }

  /** Breaks the connection without the closing chunk, as a crashing agent would. */
  abort(): void {
    this.ended = true;
    this.response.destroy();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.ended) return;
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    const size = Math.max(1, this.chunkSize ?? bytes.length);
    for (let offset = 0; offset < bytes.length; offset += size) {
      this.response.write(bytes.subarray(offset, offset + size));
    }
  }
}
