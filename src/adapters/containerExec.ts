import type Dockerode from 'dockerode';
import type { Writable } from 'node:stream';

/**
 * Runs one exec in a container to its end, its stdout and stderr
 * demultiplexed into `sinks` (one stream may take both), and gives its exit
 * code, or undefined when Docker has none. `within` bounds each Docker call;
 * an aborted `signal` ends the wait for the output.
 */
export async function execToEnd(
  docker: Dockerode,
  containerId: string,
  options: Dockerode.ExecCreateOptions,
  sinks: { stdout: Writable; stderr: Writable },
  within: <T>(call: Promise<T>) => Promise<T> = (call) => call,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const exec = await within(docker.getContainer(containerId).exec({ ...options, AttachStdout: true, AttachStderr: true }));
  const stream = await within(exec.start({ hijack: true, stdin: false }));
  signal?.addEventListener('abort', () => stream.destroy(), { once: true });
  docker.modem.demuxStream(stream, sinks.stdout, sinks.stderr);
  await new Promise<void>((done) => {
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', () => done());
  });
  const { ExitCode } = await within(exec.inspect());
  return ExitCode ?? undefined;
}
