import type { ServiceState } from '../machines/serviceStates.js';
import type { CoreState } from '../machines/decider.js';
import type { Command } from '../events/commands.js';
import { stateName } from './machineStates.js';
import { stateAt, type Replay, type ReplayStep } from './replayLog.js';

/** Everything the executor held at one point of a replayed log, as a person debugging it wants to see it. */
export interface StateReport {
  /** The input the report stands after, or 0 before any input. */
  seq: number;
  executor: { state: string; exitReason?: string };
  pods: Array<{ taskId: string; state: string; outcome?: string; services: Array<{ name: string } & ServiceState> }>;
  /** Started and neither fired nor cancelled. */
  pendingTimers: Array<{ name: string; ms: number; startedAt: string; startedBySeq: number }>;
  unacknowledgedUpdates: Array<{ uuid: string; taskId: string; state: string }>;
}

export function stateReport(replay: Replay, seq: number): StateReport {
  const tracker = new StateTracker(replay.start.commands, replay.steps[0]?.at ?? '');
  for (const step of replay.steps) {
    if (step.seq > seq) break;
    tracker.step(step);
  }
  return tracker.report(stateAt(replay, seq));
}

type TrackedStep = Pick<ReplayStep, 'seq' | 'at' | 'input' | 'commands'>;

/**
 * What a state report needs beyond the core's state, gathered input by
 * input: the timers started and not yet fired or cancelled, and the seq
 * reached. Fed in order, it holds nothing of the steps themselves.
 */
export class StateTracker {
  private readonly timers = new Map<string, StateReport['pendingTimers'][number]>();
  private startCommands: readonly Command[] | null;
  private seq = 0;

  /** `firstAt`: the time of the log's first input, which the timers started at the start are shown with. */
  constructor(startCommands: readonly Command[], private firstAt = '') {
    this.startCommands = startCommands;
  }

  /** The first input's time, once known, when the constructor could not be told it. */
  firstInputAt(at: string): void {
    if (this.firstAt === '') this.firstAt = at;
  }

  step(step: TrackedStep): void {
    this.firstInputAt(step.at);
    this.takeStart();
    if (step.input.type === 'timer.fired') this.timers.delete(step.input.name);
    this.follow(step.commands, step.at, step.seq);
    this.seq = step.seq;
  }

  report(state: CoreState): StateReport {
    this.takeStart();
    const executor = state.executor.context;
    return {
      seq: this.seq,
      executor: { state: stateName(state.executor.value), ...(executor.exitReason ? { exitReason: executor.exitReason } : {}) },
      pods: Object.entries(state.pods).map(([taskId, pod]) => ({
        taskId,
        state: stateName(pod.value),
        ...(pod.context.outcome ? { outcome: `${pod.context.outcome.state}: ${pod.context.outcome.message}` } : {}),
        services: Object.entries(pod.context.services).map(([name, service]) => ({ name, ...service })),
      })),
      pendingTimers: [...this.timers.values()],
      unacknowledgedUpdates: Object.entries(executor.unacknowledged).map(([uuid, update]) => ({ uuid, ...update })),
    };
  }

  private takeStart(): void {
    if (this.startCommands === null) return;
    this.follow(this.startCommands, this.firstAt, 0);
    this.startCommands = null;
  }

  private follow(commands: readonly Command[], at: string, bySeq: number): void {
    for (const command of commands) {
      if (command.type === 'timer.start') this.timers.set(command.name, { name: command.name, ms: command.ms, startedAt: at, startedBySeq: bySeq });
      if (command.type === 'timer.cancel') this.timers.delete(command.name);
    }
  }
}
