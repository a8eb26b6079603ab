import type Dockerode from 'dockerode';
import { readFileSync } from 'node:fs';
import { LABELS } from '../compose/labels.js';
import { dockerMessage } from './dockerEngine.js';

/**
 * What executors leave behind when they die without cleaning up: every
 * container, network and volume carries the pid and boot id of the executor
 * that made it, so whatever outlived its executor can be found and removed.
 * Nothing without our labels is ever touched.
 */

export interface Owner {
  pid: number;
  bootId: string;
  /** MESOS_SLAVE_ID, when the executor runs under an agent. */
  agentId?: string;
}

export interface Leftovers {
  containers: Array<{ id: string; name: string; taskId: string }>;
  networks: Array<{ id: string; name: string; taskId: string }>;
  volumes: Array<{ name: string; taskId: string }>;
}

export interface Removal {
  removed: Leftovers;
  failures: string[];
}

export function currentOwner(procRoot = '/proc'): Owner {
  return { pid: process.pid, bootId: readBootId(procRoot) };
}

export function ownerLabels(owner: Owner): Record<string, string> {
  return {
    [LABELS.ownerPid]: String(owner.pid),
    [LABELS.ownerBootId]: owner.bootId,
    ...(owner.agentId !== undefined ? { [LABELS.ownerAgentId]: owner.agentId } : {}),
  };
}

/** True when the executor named by the labels still runs: same boot, and its pid is a live compose-executor. */
export function ownerAlive(labels: Record<string, string> | undefined, procRoot = '/proc'): boolean {
  const pid = Number(labels?.[LABELS.ownerPid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (labels?.[LABELS.ownerBootId] !== readBootId(procRoot)) return false;
  try {
    // A recycled pid belongs to some other program; ours always has its bin script on its command line.
    return readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').includes('compose-executor');
  } catch {
    return false;
  }
}

/** Our resources whose owner passes `orphaned`, optionally of one executor id only. */
export async function findLeftovers(
  docker: Dockerode,
  orphaned: (labels: Record<string, string>) => boolean,
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
  return {
    containers: containers
      .filter((container) => orphaned(container.Labels))
      .map((container) => ({ id: container.Id, name: (container.Names[0] ?? container.Id).replace(/^\//, ''), taskId: taskOf(container.Labels) })),
    networks: networks
      .filter((network) => orphaned(network.Labels ?? {}))
      .map((network) => ({ id: network.Id, name: network.Name, taskId: taskOf(network.Labels) })),
    volumes: (volumes.Volumes ?? [])
      .filter((volume) => orphaned(volume.Labels ?? {}))
      .map((volume) => ({ name: volume.Name, taskId: taskOf(volume.Labels) })),
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

function readBootId(procRoot: string): string {
  try {
    return readFileSync(`${procRoot}/sys/kernel/random/boot_id`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}
