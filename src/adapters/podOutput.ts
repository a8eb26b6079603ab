import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { HookStage } from '../events/commands.js';
import type { LogLine, OutputStream } from './logFrames.js';

export interface LogRotation {
  /** A service's log file is rotated once it reaches this size. */
  readonly maxBytes: number;
  /** Rotated files kept besides the current one: `web.stdout.1` (newest) to `web.stdout.<files>`. */
  readonly files: number;
}

/**
 * Where the pod's output goes: the executor's own stdout and stderr, which
 * Mesos keeps as the sandbox's `stdout` and `stderr`, each line prefixed as
 * Docker Compose does (`web-1  | ...`); and `logs/<service>.stdout` and
 * `.stderr` in the sandbox, unprefixed and rotated.
 */
export class PodOutput {
  private readonly files = new Map<string, RotatingFileStream>();
  private width = 0;

  constructor(
    private readonly logsDirectory: string,
    private readonly rotation: LogRotation,
    private readonly sandboxStreams: Record<OutputStream, Writable> = { stdout: process.stdout, stderr: process.stderr },
  ) {}

  /** The pod's services, so every prefix is padded to the longest name as Compose pads them. */
  setServices(names: readonly string[]): void {
    this.width = Math.max(0, ...names.map((name) => prefixName(name).length));
  }

  /** Resolves once every destination has taken the lines, so a fast container is read no faster than they write. */
  async write(service: string, lines: readonly LogLine[]): Promise<void> {
    const prefix = `${prefixName(service).padEnd(Math.max(this.width, prefixName(service).length) + 1)} | `;
    const writes: Array<Promise<void>> = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const texts = lines.filter((line) => line.stream === stream).map((line) => line.text);
      if (texts.length === 0) continue;
      writes.push(accepted(this.sandboxStreams[stream], texts.map((text) => `${prefix}${text}\n`).join('')));
      writes.push(accepted(this.file(service, stream), texts.map((text) => `${text}\n`).join('')));
    }
    await Promise.all(writes);
  }

  /**
   * A `post_start` or `pre_stop` hook's lines, to the sandbox's stdout and
   * stderr only (they are not the container's log): prefixed as Compose
   * prefixes a hook's (`web-1 ->`), each saying which hook wrote it.
   */
  async writeHook(service: string, stage: HookStage, lines: readonly LogLine[]): Promise<void> {
    const name = `${prefixName(service)} ->`;
    const prefix = `${name.padEnd(Math.max(this.width, name.length) + 1)} | ${stage}: `;
    const writes: Array<Promise<void>> = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const texts = lines.filter((line) => line.stream === stream).map((line) => `${prefix}${line.text}\n`);
      if (texts.length > 0) writes.push(accepted(this.sandboxStreams[stream], texts.join('')));
    }
    await Promise.all(writes);
  }

  /** Flushes and closes the log files. */
  async close(): Promise<void> {
    const files = [...this.files.values()];
    this.files.clear();
    await Promise.all(files.map((file) => new Promise<void>((resolve) => file.end(resolve))));
  }

  private file(service: string, stream: OutputStream): RotatingFileStream {
    const name = `${service}.${stream}`;
    let file = this.files.get(name);
    if (file === undefined) {
      file = createStream(name, { path: this.logsDirectory, size: `${this.rotation.maxBytes}B`, rotate: this.rotation.files });
      // A full disk must not stop the pod; the lines still reach the sandbox's stdout and stderr.
      file.on('error', () => {});
      this.files.set(name, file);
    }
    return file;
  }
}

/** Compose names a service's first container `<service>-1`. */
const prefixName = (service: string): string => `${service}-1`;

async function accepted(destination: Writable, text: string): Promise<void> {
  if (destination.destroyed || destination.writableEnded) return;
  if (destination.write(text)) return;
  // An error ends the wait as a drain would: the stream is then destroyed and skipped from here on. Whichever of
  // drain and close comes first, the other's listeners (and once()'s error listener) go: a chatty container waits
  // here thousands of times, and each wait used to leave two listeners on the sandbox's stdout until it closed.
  const waited = new AbortController();
  const { signal } = waited;
  await Promise.race([once(destination, 'drain', { signal }), once(destination, 'close', { signal })]).catch(() => {});
  waited.abort();
}
