import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import type { StateReport } from '../replay/stateReport.js';
import { activeStates } from '../diagrams/takenTransitions.js';
import type { CoreState } from '../machines/decider.js';

/**
 * What the replay page shows for one step of a log, as plain JSON: the
 * page holds the first of these whole and each later one as a merge patch
 * of the one before (see pageData), so this is what a step costs.
 */

export interface ServiceRow {
  phase: string;
  health?: string;
  exitCode?: number;
  oomKilled?: boolean;
  restarts: number;
  containerId?: string;
}

export interface PodView {
  state: string;
  outcome?: string;
  /** The pod machine's active state paths, outermost first, as its diagram names them. */
  active: string[];
  services: Record<string, ServiceRow>;
  /** The last status update the executor sent for the task so far. */
  lastUpdate?: { state: string; message?: string; seq: number };
}

export interface StepView {
  executor: { state: string; exitReason?: string; active: string[] };
  pods: Record<string, PodView>;
  /** By name: ms and the seq that started it. */
  timers: Record<string, { ms: number; bySeq: number; at: string }>;
  /** By uuid. */
  unacknowledged: Record<string, { taskId: string; state: string }>;
}

export function stepView(state: CoreState, report: StateReport): StepView {
  return {
    executor: { ...report.executor, active: activeStates(state.executor) },
    pods: Object.fromEntries(
      report.pods.map((pod) => [
        pod.taskId,
        {
          state: pod.state,
          ...(pod.outcome ? { outcome: pod.outcome } : {}),
          active: activeStates(state.pods[pod.taskId]!),
          services: Object.fromEntries(pod.services.map(({ name, ...service }) => [name, service])),
        },
      ]),
    ),
    timers: Object.fromEntries(report.pendingTimers.map((timer) => [timer.name, { ms: timer.ms, bySeq: timer.startedBySeq, at: timer.startedAt }])),
    unacknowledged: Object.fromEntries(report.unacknowledgedUpdates.map(({ uuid, ...update }) => [uuid, update])),
  };
}

/** One row of the page's timeline: an input with what it gave, or the start (seq 0, no input). */
export interface PageRecord {
  seq: number;
  at: string;
  input?: Input;
  commands: Command[];
}

/** The first input that replays to other commands than the log recorded, as `replay --verify` finds it. */
export interface PageDivergence {
  seq: number;
  /** Recorded. */
  expected: Command[];
  /** Replayed. */
  got: Command[];
}
