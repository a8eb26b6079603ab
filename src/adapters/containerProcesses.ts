import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { INITIAL_PID_NAMESPACE } from './ownerLiveness.js';

/**
 * The processes of a container, found through its cgroup: Docker names each
 * container's cgroup after its id (`/docker/<id>`, `<parent>/<id>`,
 * `docker-<id>.scope`), so /proc tells them even while the engine is hung.
 * This holds for every process of the container, those it forked and those
 * a restart made, with no pid to go stale. From inside a pid namespace of
 * its own (Mesos's `namespaces/pid`) the executor sees none of them and can
 * signal none: there only cgroups v2's `cgroup.kill` reaches them.
 */

export interface ProcessesEnded {
  ended: number[];
  /** Still alive after the signals: the container is not gone. */
  left: number[];
  /** Ended through this cgroup's `cgroup.kill`, the processes being out of sight. */
  cgroup?: string;
  /** Why the processes could be neither seen nor ended: they may still run. */
  unseen?: string;
}

export async function containerProcesses(containerId: string, procRoot = '/proc'): Promise<number[]> {
  if (!/^[0-9a-f]{64}$/.test(containerId)) return [];
  const pids: number[] = [];
  for (const entry of await readdir(procRoot)) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const cgroups = await readFile(`${procRoot}/${pid}/cgroup`, 'utf8').catch(() => '');
    if (cgroups.includes(containerId) && (await alive(pid, procRoot))) pids.push(pid);
  }
  return pids;
}

/**
 * SIGKILLs every process of the container, again for any it forked
 * meanwhile, until none has been seen for `quietMs` or `waitMs` pass. The
 * quiet spell matters when the engine stopped answering mid-start: it may
 * still be bringing the container's first process up after the call failed.
 */
export async function endContainerProcesses(
  containerId: string,
  waitMs = 3000,
  procRoot = '/proc',
  quietMs = 1000,
  cgroupRoot = '/sys/fs/cgroup',
): Promise<ProcessesEnded> {
  const namespace = await readlink(`${procRoot}/self/ns/pid`).then((link) => /\[(\d+)\]/.exec(link)?.[1], () => undefined);
  if (namespace !== undefined && namespace !== INITIAL_PID_NAMESPACE) return endThroughCgroup(containerId, waitMs, cgroupRoot, namespace);
  const ended = new Set<number>();
  const started = Date.now();
  const until = started + waitMs;
  let lastSeen = started;
  for (;;) {
    const pids = await containerProcesses(containerId, procRoot);
    const now = Date.now();
    if (pids.length === 0) {
      if (now - lastSeen >= quietMs || now >= until) return { ended: [...ended], left: [] };
    } else {
      lastSeen = now;
      if (now >= until) return { ended: [...ended].filter((pid) => !pids.includes(pid)), left: pids };
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        ended.add(pid);
      } catch {
        // Gone already, or not ours to signal: the next scan tells which.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Out of sight of the container's processes: cgroups v2 can still end them all at once, v1 cannot. */
async function endThroughCgroup(containerId: string, waitMs: number, cgroupRoot: string, namespace: string): Promise<ProcessesEnded> {
  const unseen = `the executor runs in pid namespace ${namespace} of its own (Mesos's namespaces/pid), where the container's processes can be neither seen nor signalled`;
  if (!/^[0-9a-f]{64}$/.test(containerId)) return { ended: [], left: [], unseen };
  const cgroup = await findContainerCgroup(cgroupRoot, containerId);
  if (cgroup === undefined) return { ended: [], left: [], unseen: `${unseen}, and no cgroups v2 cgroup of the container was found under ${cgroupRoot} to kill them through` };
  try {
    await writeFile(`${cgroup}/cgroup.kill`, '1');
  } catch (error) {
    return { ended: [], left: [], unseen: `${unseen}, and writing ${cgroup}/cgroup.kill failed (${(error as Error).message})` };
  }
  for (const until = Date.now() + waitMs; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const events = await readFile(`${cgroup}/cgroup.events`, 'utf8').catch(() => 'populated 0');
    if (/^populated 0$/m.test(events)) return { ended: [], left: [], cgroup };
  }
  return { ended: [], left: [], cgroup, unseen: `${unseen}; killed through ${cgroup}/cgroup.kill, but the cgroup still holds processes after ${waitMs} ms` };
}

/** The container's v2 cgroup: `<parent>/<id>` (cgroupfs driver) or `…/docker-<id>.scope` (systemd), a few levels down at most. */
async function findContainerCgroup(cgroupRoot: string, containerId: string): Promise<string | undefined> {
  let level = [cgroupRoot];
  for (let depth = 0; depth < 5 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isDirectory()) continue;
        const path = `${dir}/${entry.name}`;
        if (entry.name === containerId || entry.name === `docker-${containerId}.scope`) {
          if (await readFile(`${path}/cgroup.events`, 'utf8').then(() => true, () => false)) return path;
        }
        next.push(path);
      }
    }
    level = next;
  }
  return undefined;
}

/** A zombie has ended; only its parent has yet to notice. */
async function alive(pid: number, procRoot: string): Promise<boolean> {
  const stat = await readFile(`${procRoot}/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat !== '' && state !== 'Z' && state !== 'X';
}
