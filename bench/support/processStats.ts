import { readFileSync } from 'node:fs';

/** What /proc says about a process: resident memory and CPU time. Linux only, as Mesos agents are. */

const CLOCK_TICKS_PER_SECOND = 100;

function statusField(pid: number, field: string): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Resident set size in MB, or null once the process is gone. */
export function rssMb(pid: number): number | null {
  return statusField(pid, 'VmRSS');
}

/** The highest resident set size the process has had, in MB. */
export function peakRssMb(pid: number): number | null {
  return statusField(pid, 'VmHWM');
}

/** User plus system CPU time in ms, from /proc/<pid>/stat (utime and stime, fields 14 and 15). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Follows a process until it exits and keeps the highest VmHWM seen: its peak RSS in MB. */
export function watchPeakRss(pid: number, intervalMs = 20): { stop(): number | null } {
  let peak: number | null = null;
  const sample = () => {
    const now = peakRssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
