import { readFile } from 'node:fs/promises';

/**
 * The cgroup the Mesos agent put this executor in, so the pod's containers
 * can be made its children and counted against the task. Null when not
 * running under a Mesos containerizer.
 */
export async function executorCgroup(procSelfCgroup = '/proc/self/cgroup'): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(procSelfCgroup, 'utf8');
  } catch {
    return null;
  }
  return cgroupParentFrom(text);
}

export function cgroupParentFrom(text: string): string | null {
  const entries = text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((parts) => parts.length >= 3);
  // cgroup v1 lists each controller; the memory one is where Mesos's isolator puts the executor. v2 has one "0::" line.
  const memory = entries.find(([, controllers]) => controllers?.split(',').includes('memory'));
  const unified = entries.find(([id, controllers]) => id === '0' && controllers === '');
  const path = (memory ?? unified)?.slice(2).join(':');
  return path && /\/mesos\//.test(`${path}/`) ? path : null;
}
