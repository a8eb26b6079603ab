import { readdirSync, readFileSync } from 'node:fs';
import { cpuMs } from './processStats.js';

/**
 * Who used the CPUs during a stretch of a benchmark: the machine as a whole
 * (/proc/stat, which counts other users' work too), the processes a
 * benchmark names, and Docker's daemons found by name.
 */
const DOCKER = new Set(['dockerd', 'containerd', 'containerd-shim', 'containerd-shim-runc-v2', 'runc', 'docker-proxy']);
const TICK_MS = 10;

function machineBusyMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

function dockerMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (DOCKER.has(comm)) total += cpuMs(Number(entry)) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export interface CpuShare {
  wallMs: number;
  /** Busy CPU time of the whole machine, all users. */
  machineMs: number;
  /** CPUs the machine has. */
  cpus: number;
  /** CPU time of Docker's daemons and shims alive at both ends (the short-lived runc calls are missed). */
  dockerMs: number;
  /** CPU time of the processes asked about, summed. */
  processesMs: number;
}

/** Call at the start of the stretch; call the result at its end with the processes to count (their CPU since they started). */
export function cpuShareFrom(baselineProcessesMs = 0): (pids: readonly number[]) => CpuShare {
  const start = { at: Date.now(), machine: machineBusyMs(), docker: dockerMs() };
  return (pids) => {
    const machine = machineBusyMs();
    const cpus = readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d/.test(l)).length;
    return {
      wallMs: Date.now() - start.at,
      machineMs: machine.busy - start.machine.busy,
      cpus,
      dockerMs: dockerMs() - start.docker,
      processesMs: pids.reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0) - baselineProcessesMs,
    };
  };
}
