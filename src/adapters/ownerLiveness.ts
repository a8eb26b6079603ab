import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { LABELS } from '../compose/labels.js';
import { beaconName, netNamespaceOf, probeBeacon } from './ownerBeacon.js';

/**
 * Whether the executor that made a container, network or volume still runs,
 * judged from its owner labels wherever it ran. Under Mesos's
 * `namespaces/pid` isolation the executor is pid 1 of a pid namespace of its
 * own, so its pid means nothing on the host: the labels also carry that
 * namespace's inode and the process's start time (ticks since boot, the same
 * in every namespace), and a judge finds the process by them. Only what is
 * proven dead is `dead`; whatever cannot be seen from here is `unknown`.
 */

export interface Owner {
  /** The pid in the executor's own pid namespace (1 under `namespaces/pid`). */
  pid: number;
  bootId: string;
  /** The inode of the executor's pid namespace, as /proc/self/ns/pid names it. */
  pidNamespace: string;
  /** Field 22 of /proc/self/stat: when the process started, in clock ticks since boot. */
  startTime: string;
  /** The network namespace its beacon listens in (ownerBeacon.ts); absent: it has none. */
  netNamespace?: string;
  /** MESOS_SLAVE_ID, when the executor runs under an agent: the next executor there sweeps what a dead one left. */
  agentId?: string;
}

export type Liveness = { state: 'alive' } | { state: 'dead'; why: string } | { state: 'unknown'; why: string };

/** The kernel's fixed inode of the initial pid namespace (PROC_PID_INIT_INO): from there every process is in sight. */
export const INITIAL_PID_NAMESPACE = '4026531836';

export function readOwner(procRoot = '/proc'): Owner {
  return {
    pid: process.pid,
    bootId: readBootId(procRoot),
    pidNamespace: namespaceOf(`${procRoot}/self`) ?? 'unknown',
    startTime: startTimeOf(`${procRoot}/self`) ?? 'unknown',
  };
}

export function ownerLabels(owner: Owner): Record<string, string> {
  return {
    [LABELS.ownerPid]: String(owner.pid),
    [LABELS.ownerBootId]: owner.bootId,
    [LABELS.ownerPidNamespace]: owner.pidNamespace,
    [LABELS.ownerStartTime]: owner.startTime,
    ...(owner.netNamespace !== undefined ? { [LABELS.ownerNetNamespace]: owner.netNamespace } : {}),
    ...(owner.agentId !== undefined ? { [LABELS.ownerAgentId]: owner.agentId } : {}),
  };
}

/** True when the labels name this very process. */
export function ownedBy(labels: Record<string, string>, owner: Owner): boolean {
  const mine = ownerLabels(owner);
  return Object.entries(mine).every(([key, value]) => labels[key] === value);
}

/**
 * Judges owners against what this process can see of the host's processes,
 * reading /proc once for every label it is asked about.
 */
export class OwnerJudge {
  private readonly bootId: string;
  private readonly ownNamespace: string | undefined;
  private readonly ownNetNamespace: string | undefined;
  private table: Map<string, Array<{ nsPid: number; startTime: string | undefined }>> | null | undefined;
  private readonly probes = new Map<string, Promise<'alive' | 'dead' | 'unknown'>>();

  constructor(private readonly procRoot = '/proc') {
    this.bootId = readBootId(procRoot);
    this.ownNamespace = namespaceOf(`${procRoot}/self`);
    this.ownNetNamespace = netNamespaceOf(`${procRoot}/self`);
  }

  /** As `judge`, and where /proc cannot tell, asks the owner's beacon when it listens in this network namespace. */
  async judgeWithBeacon(labels: Record<string, string> | undefined): Promise<Liveness> {
    const seen = this.judge(labels);
    const netNamespace = labels?.[LABELS.ownerNetNamespace];
    if (seen.state !== 'unknown' || netNamespace === undefined || netNamespace !== this.ownNetNamespace) return seen;
    const name = beaconName(labels![LABELS.ownerPidNamespace]!, labels![LABELS.ownerStartTime]!);
    if (!this.probes.has(name)) this.probes.set(name, probeBeacon(name));
    const answer = await this.probes.get(name)!;
    if (answer === 'alive') return { state: 'alive' };
    if (answer === 'dead') return { state: 'dead', why: 'nothing listens on its executor\'s beacon any more' };
    return { state: 'unknown', why: `${seen.why}, and its executor's beacon did not answer` };
  }

  judge(labels: Record<string, string> | undefined): Liveness {
    const pid = Number(labels?.[LABELS.ownerPid]);
    const bootId = labels?.[LABELS.ownerBootId];
    const namespace = labels?.[LABELS.ownerPidNamespace];
    const startTime = labels?.[LABELS.ownerStartTime];
    if (!Number.isInteger(pid) || pid <= 0 || !bootId) return { state: 'unknown', why: 'its owner labels are incomplete' };
    if (bootId !== this.bootId) return { state: 'dead', why: 'its executor ran before the last boot' };
    if (!namespace || !startTime || namespace === 'unknown' || startTime === 'unknown') {
      return { state: 'unknown', why: 'its executor did not record its pid namespace and start time (an older version), so its pid proves nothing here' };
    }
    if (namespace === this.ownNamespace) {
      // The same namespace: pid and start time say it, a recycled pid has another start.
      return startTimeOf(`${this.procRoot}/${pid}`) === startTime ? { state: 'alive' } : { state: 'dead', why: `its executor (pid ${pid}) has ended` };
    }
    const table = this.namespaces();
    if (table === null) {
      return { state: 'unknown', why: `its executor ran in pid namespace ${namespace}, which cannot be seen from here (run gc as root in the host's pid namespace)` };
    }
    const members = table.get(namespace) ?? [];
    if (members.some((member) => member.nsPid === pid && member.startTime === startTime)) return { state: 'alive' };
    return {
      state: 'dead',
      why: members.length === 0 ? `the pid namespace ${namespace} its executor ran in has no process left` : `its executor (pid ${pid} in pid namespace ${namespace}) has ended`,
    };
  }

  /**
   * Every process by pid namespace, with its pid in that namespace; null
   * unless this process sees them all: in the initial namespace, able to
   * read every process's namespace (root).
   */
  private namespaces(): Map<string, Array<{ nsPid: number; startTime: string | undefined }>> | null {
    if (this.table !== undefined) return this.table;
    if (this.ownNamespace !== INITIAL_PID_NAMESPACE) return (this.table = null);
    const table = new Map<string, Array<{ nsPid: number; startTime: string | undefined }>>();
    for (const entry of readdirSync(this.procRoot)) {
      if (!/^\d+$/.test(entry)) continue;
      const dir = `${this.procRoot}/${entry}`;
      const nsPids = /^NSpid:\s*(.*)$/m.exec(readOr(`${dir}/status`))?.[1]?.trim().split(/\s+/) ?? [];
      const nsPid = Number(nsPids.at(-1));
      if (!Number.isInteger(nsPid)) continue;
      let namespace: string | undefined;
      try {
        namespace = /\[(\d+)\]/.exec(readlinkSync(`${dir}/ns/pid`))?.[1];
      } catch (error) {
        // Gone meanwhile is fine, and so is a process kept from sight (init under some LSMs) whose one pid says it is in this namespace.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || nsPids.length === 1) continue;
        return (this.table = null);
      }
      if (namespace === undefined) continue;
      table.set(namespace, [...(table.get(namespace) ?? []), { nsPid, startTime: startTimeOf(dir) }]);
    }
    return (this.table = table);
  }
}

function namespaceOf(processDir: string): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync(`${processDir}/ns/pid`))?.[1];
  } catch {
    return undefined;
  }
}

function startTimeOf(processDir: string): string | undefined {
  const stat = readOr(`${processDir}/stat`);
  // The command name may hold spaces and parentheses: fields count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (stat === '' || state === 'Z' || state === 'X') return undefined;
  return fields[19];
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function readBootId(procRoot = '/proc'): string {
  return readOr(`${procRoot}/sys/kernel/random/boot_id`).trim() || 'unknown';
}
