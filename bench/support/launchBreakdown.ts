import type { BenchPod } from './benchPod.js';
import type { CpuShare } from './cpuShare.js';
import type { MinimalPod } from './minimalPod.js';
import { launchMoments } from './podPhases.js';
import { median, percentile } from './samples.js';

/**
 * Where many pods launched at once spent their time, pod by pod: for the
 * executors, the process start (spawn → SUBSCRIBE), the LAUNCH reaching the
 * event log, then the phases the log marks (plan, network, first service,
 * joining services) and the TASK_RUNNING reaching the agent; for the minimal
 * script, its same Docker steps. Also when each step ended, counted from the
 * moment all were started, since the last pod sets the figure.
 */
export interface PhaseSamples {
  /** Durations of each phase, one a pod. */
  phases: Record<string, number[]>;
  /** Moments each phase ended, since the common start, one a pod. */
  endedAt: Record<string, number[]>;
}

export function executorPhases(started: number, pods: readonly BenchPod[], runningAt: readonly number[]): PhaseSamples {
  const out: PhaseSamples = { phases: {}, endedAt: {} };
  const add = (phase: string, duration: number, end: number) => {
    (out.phases[phase] ??= []).push(duration);
    (out.endedAt[phase] ??= []).push(end - started);
  };
  pods.forEach((pod, i) => {
    const moments = launchMoments(pod.sandbox);
    if (moments === null || pod.subscribedAt === undefined) return;
    add('process start (spawn → SUBSCRIBE)', pod.subscribedAt - pod.spawnedAt, pod.subscribedAt);
    add('SUBSCRIBE → SUBSCRIBED logged', moments.subscribed - pod.subscribedAt, moments.subscribed);
    add('→ LAUNCH logged (Docker side open, docker info)', moments.launch - moments.subscribed, moments.launch);
    add('plan', moments.planned - moments.launch, moments.planned);
    add('network', moments.network - moments.planned, moments.network);
    add('first service', moments.firstRunning - moments.network, moments.firstRunning);
    add('joining services', moments.allRunning - moments.firstRunning, moments.allRunning);
    add('→ TASK_RUNNING at the agent', runningAt[i]! - moments.allRunning, runningAt[i]!);
  });
  return out;
}

export function scriptPhases(started: number, pods: readonly MinimalPod[]): PhaseSamples {
  const out: PhaseSamples = { phases: {}, endedAt: {} };
  const add = (phase: string, duration: number, end: number) => {
    (out.phases[phase] ??= []).push(duration);
    (out.endedAt[phase] ??= []).push(end - started);
  };
  for (const { moments } of pods) {
    add('network', moments.network - started, moments.network);
    add('first service', moments.firstRunning - moments.network, moments.firstRunning);
    add('joining services', moments.allRunning - moments.firstRunning, moments.allRunning);
  }
  return out;
}

const cell = (values: readonly number[] | undefined) =>
  values === undefined || values.length === 0 ? 'n/a' : `${Math.round(median(values)!)} / ${Math.round(percentile(values, 90)!)}`;

/** A table: each phase's median / p90 duration and the median / p90 moment it ended, ours beside the script's. */
export function describePhases(ours: PhaseSamples, script: PhaseSamples): string {
  const names = [...new Set([...Object.keys(ours.phases), ...Object.keys(script.phases)])];
  const rows = names.map((name) => [name, cell(ours.phases[name]), cell(ours.endedAt[name]), cell(script.phases[name]), cell(script.endedAt[name])]);
  const header = ['phase (ms, median / p90 over the pods)', 'executor: took', 'ended at', 'script: took', 'ended at'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

export function describeCpu(name: string, share: CpuShare, processesName: string): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `${name}: ${s(share.wallMs)} wall on ${share.cpus} CPUs (${s(share.wallMs * share.cpus)} of CPU time): machine busy ${s(share.machineMs)} (${Math.round((100 * share.machineMs) / (share.wallMs * share.cpus))}%), Docker's daemons and shims ${s(share.dockerMs)}, ${processesName} ${s(share.processesMs)}`;
}
