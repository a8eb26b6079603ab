import { createConnection, createServer } from 'node:net';
import { readlinkSync } from 'node:fs';

/**
 * A mark of life that pid namespaces do not hide: the executor listens on
 * an abstract Unix socket named after its pid namespace and start time for
 * as long as it lives, and the kernel closes it the moment it dies. Abstract
 * sockets belong to a network namespace, so only a judge in the same one
 * may take a refused connection for a death.
 */

export function beaconName(pidNamespace: string, startTime: string): string {
  return `\0compose-executor.${pidNamespace}.${startTime}`;
}

/** Starts listening; the network namespace it listens in, or undefined when it could not. */
export function lightBeacon(pidNamespace: string, startTime: string, procRoot = '/proc'): string | undefined {
  const namespace = netNamespaceOf(`${procRoot}/self`);
  if (namespace === undefined || pidNamespace === 'unknown' || startTime === 'unknown') return undefined;
  const server = createServer((socket) => socket.destroy());
  server.on('error', () => {});
  server.listen(beaconName(pidNamespace, startTime));
  // A Unix socket is bound by the time listen() returns; a failed bind leaves it not listening.
  if (!server.listening) return undefined;
  server.unref();
  return namespace;
}

/** alive: it answered; dead: nothing listens there (ECONNREFUSED); unknown: anything else. */
export function probeBeacon(name: string, timeoutMs = 2000): Promise<'alive' | 'dead' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: name });
    const done = (result: 'alive' | 'dead' | 'unknown') => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('unknown'));
    socket.once('connect', () => done('alive'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'dead' : 'unknown'));
  });
}

export function netNamespaceOf(processDir: string): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync(`${processDir}/ns/net`))?.[1];
  } catch {
    return undefined;
  }
}
