import type Dockerode from 'dockerode';
import type { Writable } from 'node:stream';

/**
 * Runs one exec in a container to its end, its stdout and stderr
 * demultiplexed into `sinks` (one stream may take both), and gives its exit
 * code, or undefined when Docker has none. With `tty` the exec is attached
 * as Compose attaches a hook of a `tty` service: Docker then sends one raw
 * stream, unframed, which goes to `stdout` (Docker 20.10 drops stderr). `within` bounds each Docker call;
 * an aborted `signal` ends the wait for the output.
 */
export async function execToEnd(
  docker: Dockerode,
  containerId: string,
  options: Dockerode.ExecCreateOptions,
  sinks: { stdout: Writable; stderr: Writable; tty?: boolean },
  within: <T>(call: Promise<T>) => Promise<T> = (call) => call,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const exec = await within(docker.getContainer(containerId).exec({ ...options, AttachStdout: true, AttachStderr: true }));
  const stream = await within(exec.start({ hijack: true, stdin: false, ...(sinks.tty ? { Tty: true } : {}) }));
  signal?.addEventListener('abort', () => stream.destroy(), { once: true });
  if (sinks.tty) stream.on('data', (chunk: Buffer) => sinks.stdout.write(chunk));
  else docker.modem.demuxStream(stream, sinks.stdout, sinks.stderr);
  await new Promise<void>((done) => {
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', () => done());
  });
  const { ExitCode } = await within(exec.inspect());
  return ExitCode ?? undefined;
}
