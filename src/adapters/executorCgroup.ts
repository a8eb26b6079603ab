import { readFile } from 'node:fs/promises';

/**
 * Where the pod's containers go so that they are counted against the task
 * and die with the executor's Mesos container: Docker's `CgroupParent`,
 * worked out from the executor's own cgroups and the engine's cgroup driver
 * and version. What cannot be done is said in `notice`, for the log and the
 * task's first update.
 */

export interface DockerCgroups {
  /** `docker info`'s CgroupDriver: `cgroupfs`, `systemd`, or absent when the engine did not say. */
  driver?: string;
  /** `docker info`'s CgroupVersion: `1` or `2`. */
  version?: string;
}

export interface CgroupPlacement {
  /** The Docker `CgroupParent` for every container of the pod; absent: Docker's default. */
  parent?: string;
  /** The executor's Mesos container cgroup, when it is in one. */
  executorCgroup?: string;
  /** What could not be done, and what follows from it. */
  notice?: string;
}

/** Each hierarchy's path for this process: v1 controllers by name (`name=systemd` too), and `''` for the v2 one. */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, , controllers, path] = match as unknown as [string, string, string, string];
    if (controllers === '') paths.set('', path);
    else for (const controller of controllers.split(',')) paths.set(controller, path);
  }
  return paths;
}

/**
 * The cgroup of a top-level Mesos container: `<cgroups_root>/<containerId>`.
 * With the container id from SUBSCRIBED any `cgroups_root` is recognised;
 * without it, only the default `mesos`.
 */
function mesosContainerCgroup(path: string | undefined, containerId: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '');
  const id = segments.at(-1);
  if (id === undefined || segments.length < 2) return undefined;
  if (containerId !== undefined ? id === containerId : segments.at(-2) === 'mesos') return path;
  return undefined;
}

export function cgroupPlacement(procSelfCgroup: string, docker: DockerCgroups, containerId?: string): CgroupPlacement {
  const paths = parseProcCgroup(procSelfCgroup);
  const unified = docker.version === '2';
  let executorCgroup: string | undefined;
  let unaccounted: string[] = [];
  if (unified) {
    // cgroups v2: Mesos holds the executor in `<cid>/leaf`; limits sit on `<cid>`, which holds no process, so the pod goes beside `leaf`.
    const path = paths.get('');
    const container = path?.endsWith('/leaf') ? mesosContainerCgroup(path.slice(0, -'/leaf'.length), containerId) : undefined;
    if (container === undefined && mesosContainerCgroup(path, containerId) !== undefined) {
      return { executorCgroup: path!, notice: `the executor's cgroup ${path} holds its own process and has no leaf, so the pod's containers cannot be put under it (cgroups v2 forbids processes in a cgroup with children); ${outside}` };
    }
    executorCgroup = container;
  } else {
    // cgroups v1: the Linux launcher puts every executor in freezer `<root>/<cid>`, the cgroups isolators in theirs; one parent serves all.
    for (const controller of ['freezer', 'memory', 'cpu', 'pids', 'blkio']) {
      executorCgroup ??= mesosContainerCgroup(paths.get(controller), containerId);
    }
    if (executorCgroup !== undefined) unaccounted = ['memory', 'cpu'].filter((controller) => paths.has(controller) && paths.get(controller) !== executorCgroup);
  }
  if (executorCgroup === undefined) {
    return { notice: `the executor is not in a Mesos container's cgroup (no cgroups isolation, or the Docker containerizer); ${outside}` };
  }
  const found = { executorCgroup };
  if (docker.driver === 'systemd') {
    return { ...found, notice: `Docker uses the systemd cgroup driver, which takes only a systemd slice as cgroup parent, not the executor's cgroup ${executorCgroup}; ${outside}` };
  }
  if (docker.driver !== 'cgroupfs') {
    return { ...found, notice: `Docker did not say which cgroup driver it uses${docker.driver ? ` (it said ${docker.driver})` : ''}, so the executor's cgroup ${executorCgroup} is not given as cgroup parent; ${outside}` };
  }
  const parent = executorCgroup;
  if (unaccounted.length === 0) return { ...found, parent };
  return {
    ...found,
    parent,
    notice: `the pod's containers are under the executor's cgroup ${executorCgroup}, but Mesos does not hold the executor there for ${unaccounted.join(' and ')} (no cgroups/${unaccounted.map((c) => (c === 'memory' ? 'mem' : c)).join(', cgroups/')} isolator): those are not counted against the task`,
  };
}

const outside = "the pod's containers run outside it: not counted against the task, and they outlive a destroyed executor until the next executor or `compose-executor gc` removes them";

/** This process's placement: reads its own cgroups. */
export async function executorCgroupPlacement(docker: DockerCgroups, containerId?: string, procSelfCgroup = '/proc/self/cgroup'): Promise<CgroupPlacement> {
  const text = await readFile(procSelfCgroup, 'utf8').catch(() => '');
  return cgroupPlacement(text, docker, containerId);
}
