import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 256 * 1024;

/**
 * A file another process appends to (the executor's event log, the
 * sandbox's stdout), read line by line as it grows. It is looked at every
 * `everyMs` rather than watched: inotify misses nothing either, but a poll
 * also works where the sandbox is on a filesystem that does not notify.
 */
export class FollowedFile {
  private offset = 0;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly onLine: (line: string) => void,
    private readonly everyMs = 100,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.look(), this.everyMs);
  }

  /** Reads what was written since the last look; resolves once every line of it was handed on. */
  look(): Promise<void> {
    this.reading = this.reading.then(() => this.readNew());
    return this.reading;
  }

  /** Reads to the end once more, hands on a last line without its newline, and stops. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.look();
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.onLine(rest);
  }

  private async readNew(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.file, 'r');
      const buffer = Buffer.alloc(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const lines = (this.partial + this.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines) this.onLine(line);
      }
    } catch {
      // Not written yet: the next look tries again.
    } finally {
      await handle?.close();
    }
  }
}
