import { open, type FileHandle } from 'node:fs/promises';

interface ProgressPayload {
  image: string;
  layersDone: number;
  layers: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * Follows a pod's event log while `up` runs and prints a progress line per
 * image each time the executor logged a pull summary or reached a build
 * step, then one when the image is ready or failed. Plain lines, no cursor movement, so the output
 * reads the same in a terminal, a pipe or a CI log.
 */
export class PullProgressLines {
  private offset = 0;
  private partial = '';
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly out: NodeJS.WritableStream,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => (this.reading = this.reading.then(() => this.readNew())), this.everyMs);
  }

  /** Prints what was logged since the last look, then stops following. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
    await this.readNew();
  }

  private async readNew(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.file, 'r');
      const { size } = await handle.stat();
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.show(line);
    } catch {
      // Not written yet, or torn: the next look tries again.
    } finally {
      await handle?.close();
    }
  }

  private show(line: string): void {
    let record: { kind?: string; type?: string; payload?: Record<string, unknown> };
    try {
      record = JSON.parse(line);
    } catch {
      return;
    }
    if (record.kind !== 'input' || !record.payload) return;
    const payload = record.payload;
    if (record.type === 'image.progress') this.out.write(`${progressLine(payload as unknown as ProgressPayload)}\n`);
    else if (record.type === 'image.ready' && payload.pulled === true) this.out.write(`pulled  ${String(payload.image)}\n`);
    else if (record.type === 'image.ready' && payload.built === true) this.out.write(`built  ${String(payload.image)}\n`);
    else if (record.type === 'image.pull_failed') this.out.write(`pull failed  ${String(payload.image)}: ${String(payload.message)}\n`);
    else if (record.type === 'image.build_progress') this.out.write(`building  ${String(payload.image)}  step ${String(payload.step)}/${String(payload.steps)}: ${String(payload.instruction)}\n`);
    else if (record.type === 'image.build_failed') this.out.write(`build failed  ${String(payload.image)}: ${String(payload.message)}\n`);
  }
}

const BAR_WIDTH = 20;

/** `pulling  IMAGE  [#########-----------]  45%  1/3 layers  1.2/2.6 MB` */
export function progressLine(progress: ProgressPayload): string {
  const fraction = progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : progress.layers > 0 ? progress.layersDone / progress.layers : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `pulling  ${progress.image}  ${bar} ${percent}  ${progress.layersDone}/${progress.layers} layers  ${megabytes(progress.bytesDone)}/${megabytes(progress.bytesTotal)} MB`;
}

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);
