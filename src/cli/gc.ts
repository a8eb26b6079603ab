import { findLeftovers, ownerAlive, removeLeftovers, type Leftovers } from '../adapters/leftovers.js';

export interface GcOptions {
  dryRun: boolean;
}

/**
 * `compose-executor gc`: removes the containers, networks and volumes whose
 * executor is gone (killed, crashed, or from an earlier boot). For a Mesos
 * hook or a timer; it never touches anything without our labels.
 */
export async function gc(options: GcOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { default: Dockerode } = await import('dockerode');
  const docker = new Dockerode();
  const leftovers = await findLeftovers(docker, (labels) => !ownerAlive(labels));
  if (options.dryRun) {
    describe(leftovers, 'would remove', out);
    return 0;
  }
  const { removed, failures } = await removeLeftovers(docker, leftovers);
  describe(removed, 'removed', out);
  for (const failure of failures) out.write(`could not remove ${failure}\n`);
  return failures.length > 0 ? 1 : 0;
}

function describe(leftovers: Leftovers, verb: string, out: NodeJS.WritableStream): void {
  const lines = [
    ...leftovers.containers.map((c) => `${verb} container ${c.name} (task ${c.taskId})`),
    ...leftovers.networks.map((n) => `${verb} network ${n.name} (task ${n.taskId})`),
    ...leftovers.volumes.map((v) => `${verb} volume ${v.name} (task ${v.taskId})`),
  ];
  out.write(lines.length > 0 ? `${lines.join('\n')}\n` : 'nothing left behind\n');
}
