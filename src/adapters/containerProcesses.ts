import { readdir, readFile } from 'node:fs/promises';

/**
 * The processes of a container, found through its cgroup: Docker names each
 * container's cgroup after its id (`/docker/<id>`, `<parent>/<id>`,
 * `docker-<id>.scope`), so /proc tells them even while the engine is hung.
 * This holds for every process of the container, those it forked and those
 * a restart made, with no pid to go stale.
 */

export interface ProcessesEnded {
  ended: number[];
  /** Still alive after the signals: the container is not gone. */
  left: number[];
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
export async function endContainerProcesses(containerId: string, waitMs = 3000, procRoot = '/proc', quietMs = 1000): Promise<ProcessesEnded> {
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

/** A zombie has ended; only its parent has yet to notice. */
async function alive(pid: number, procRoot: string): Promise<boolean> {
  const stat = await readFile(`${procRoot}/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat !== '' && state !== 'Z' && state !== 'X';
}
