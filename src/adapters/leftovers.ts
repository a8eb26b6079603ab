import type Dockerode from 'dockerode';
import { LABELS } from '../compose/labels.js';
import { dockerMessage } from './dockerErrors.js';
import { OwnerJudge, readOwner } from './ownerLiveness.js';

export { ownerLabels, type Owner } from './ownerLiveness.js';

/**
 * What executors leave behind when they die without cleaning up: every
 * container, network and volume carries the owner labels of the executor
 * that made it (see ownerLiveness.ts), so whatever outlived its executor can
 * be found and removed.
 * Nothing without our labels is ever touched.
 */

export interface Leftovers {
  containers: Array<{ id: string; name: string; taskId: string }>;
  networks: Array<{ id: string; name: string; taskId: string }>;
  volumes: Array<{ name: string; taskId: string }>;
}

export interface Removal {
  removed: Leftovers;
  failures: string[];
}

/** This executor, as its owner labels name it. */
export const currentOwner = readOwner;

/**
 * False only when the executor named by the labels is proven gone; an owner
 * this process cannot see (another pid namespace, an older executor's
 * labels) counts as alive, so nothing of a live pod is ever removed.
 */
export async function ownerAlive(labels: Record<string, string> | undefined, judge = new OwnerJudge()): Promise<boolean> {
  return (await judge.judgeWithBeacon(labels)).state !== 'dead';
}

/** Our resources whose owner passes `orphaned`, optionally of one executor id only. */
export async function findLeftovers(
  docker: Dockerode,
  orphaned: (labels: Record<string, string>) => boolean | Promise<boolean>,
  executorId?: string,
): Promise<Leftovers> {
  const label = [LABELS.ownerPid, ...(executorId !== undefined ? [`${LABELS.executorId}=${executorId}`] : [])];
  const filters = JSON.stringify({ label });
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const taskOf = (labels: Record<string, string> | undefined) => labels?.[LABELS.taskId] ?? '';
  const which = async <T>(items: T[], labelsOf: (item: T) => Record<string, string>): Promise<T[]> => {
    const verdicts = await Promise.all(items.map((item) => orphaned(labelsOf(item))));
    return items.filter((_, index) => verdicts[index]);
  };
  return {
    containers: (await which(containers, (container) => container.Labels)).map((container) => ({
      id: container.Id,
      name: (container.Names[0] ?? container.Id).replace(/^\//, ''),
      taskId: taskOf(container.Labels),
    })),
    networks: (await which(networks, (network) => network.Labels ?? {})).map((network) => ({ id: network.Id, name: network.Name, taskId: taskOf(network.Labels) })),
    volumes: (await which(volumes.Volumes ?? [], (volume) => volume.Labels ?? {})).map((volume) => ({ name: volume.Name, taskId: taskOf(volume.Labels) })),
  };
}

/** Removes containers first, so their networks and volumes are free to go. */
export async function removeLeftovers(docker: Dockerode, leftovers: Leftovers): Promise<Removal> {
  const removed: Leftovers = { containers: [], networks: [], volumes: [] };
  const failures: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    try {
      await action();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return true;
      failures.push(`${what}: ${dockerMessage(error)}`);
      return false;
    }
  };
  await Promise.all(
    leftovers.containers.map(async (container) => {
      if (await attempt(`container ${container.name}`, () => docker.getContainer(container.id).remove({ force: true, v: true }))) {
        removed.containers.push(container);
      }
    }),
  );
  for (const network of leftovers.networks) {
    if (await attempt(`network ${network.name}`, () => docker.getNetwork(network.id).remove())) removed.networks.push(network);
  }
  for (const volume of leftovers.volumes) {
    if (await attempt(`volume ${volume.name}`, () => docker.getVolume(volume.name).remove())) removed.volumes.push(volume);
  }
  return { removed, failures };
}
