import type { ServiceState } from '../machines/serviceStates.js';
import { stateAt, stateName, type Replay } from './replay.js';

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
  const state = stateAt(replay, seq);
  const steps = replay.steps.filter((step) => step.seq <= seq);
  const timers = new Map<string, StateReport['pendingTimers'][number]>();
  const follow = (commands: Replay['steps'][number]['commands'], at: string, bySeq: number) => {
    for (const command of commands) {
      if (command.type === 'timer.start') timers.set(command.name, { name: command.name, ms: command.ms, startedAt: at, startedBySeq: bySeq });
      if (command.type === 'timer.cancel') timers.delete(command.name);
    }
  };
  follow(replay.start.commands, replay.steps[0]?.at ?? '', 0);
  for (const step of steps) {
    if (step.input.type === 'timer.fired') timers.delete(step.input.name);
    follow(step.commands, step.at, step.seq);
  }

  const executor = state.executor.context;
  return {
    seq: steps[steps.length - 1]?.seq ?? 0,
    executor: { state: stateName(state.executor.value), ...(executor.exitReason ? { exitReason: executor.exitReason } : {}) },
    pods: Object.entries(state.pods).map(([taskId, pod]) => ({
      taskId,
      state: stateName(pod.value),
      ...(pod.context.outcome ? { outcome: `${pod.context.outcome.state}: ${pod.context.outcome.message}` } : {}),
      services: Object.entries(pod.context.services).map(([name, service]) => ({ name, ...service })),
    })),
    pendingTimers: [...timers.values()],
    unacknowledgedUpdates: Object.entries(executor.unacknowledged).map(([uuid, update]) => ({ uuid, ...update })),
  };
}
