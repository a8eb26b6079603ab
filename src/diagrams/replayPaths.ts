import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import type { Input } from '../events/inputs.js';
import type { Replay } from '../replay/replayLog.js';
import type { CoreState } from '../machines/decider.js';
import { executorMachine } from '../machines/executor.js';
import { podMachine } from '../machines/pod.js';
import { activeStates, takenTransitions, type TakenTransition } from './takenTransitions.js';

/**
 * The path each machine of a replayed log took: the states it visited and
 * the transitions it took, numbered in order, each with the record that
 * caused it. The executor session has one; every task has its pod's.
 */

export interface PathStep extends TakenTransition {
  /** 1 for the machine's start, then each transition in the order taken. */
  order: number;
  /** The input that caused it; 0 for the start of the executor. */
  seq: number;
  /** The arrow from the start point into the initial state. */
  start?: true;
}

export interface MachinePath {
  /** `executor`, `pod t1`. */
  name: string;
  machine: 'executor' | 'pod';
  /** State paths in the order first entered. */
  visited: string[];
  /** The states it was in when the log ended. */
  final: string[];
  steps: PathStep[];
}

export function replayPaths(replay: Replay): MachinePath[] {
  const tracer = new PathTracer(replay.start.state);
  for (const step of replay.steps) tracer.step(step);
  return tracer.paths();
}

/** The paths gathered input by input, holding only the last state: a log is drawn in the memory of one step. */
export class PathTracer {
  private readonly executor: MachinePath;
  private readonly pods = new Map<string, MachinePath>();
  private previous: CoreState;

  constructor(start: CoreState) {
    this.executor = startPath('executor', 'executor', start.executor, 0);
    this.previous = start;
  }

  step(step: { seq: number; input: Input; state: CoreState }): void {
    const { previous } = this;
    const current = step.state;
    let killPods: { gracePeriodMs?: number } | undefined;
    if (current.executor !== previous.executor) {
      const walked = walk(this.executor, executorMachine, previous.executor, step.input, step.seq);
      killPods = walked.find((action) => action.type === 'killPods')?.params as { gracePeriodMs?: number } | undefined;
    }
    for (const [taskId, pod] of Object.entries(current.pods)) {
      const before = previous.pods[taskId];
      if (!before) {
        this.pods.set(taskId, startPath(`pod ${taskId}`, 'pod', pod, step.seq));
        continue;
      }
      if (before === pod) continue;
      const event = podEventOf(step.input, taskId, killPods);
      if (event) walk(this.pods.get(taskId)!, podMachine, before, event, step.seq);
    }
    this.previous = current;
  }

  /** Each pod's path, then the executor's, each with the states it ended in. */
  paths(): MachinePath[] {
    for (const [taskId, pod] of Object.entries(this.previous.pods)) this.pods.get(taskId)!.final = activeStates(pod);
    this.executor.final = activeStates(this.previous.executor);
    return [...this.pods.values(), this.executor];
  }
}

function startPath(name: string, machine: MachinePath['machine'], snapshot: AnyMachineSnapshot, seq: number): MachinePath {
  const visited = activeStates(snapshot);
  const initial = visited[0]!;
  return { name, machine, visited, final: visited, steps: [{ order: 1, seq, source: '', target: initial, event: null, start: true }] };
}

/** Folds one event through a machine with the same logic as the core, and adds what it took to the path. */
function walk(path: MachinePath, machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject, seq: number) {
  const { passed, taken, actions } = takenTransitions(machine, snapshot, event);
  for (const transition of taken) path.steps.push({ ...transition, order: path.steps.length + 1, seq });
  for (const state of passed) if (!path.visited.includes(state)) path.visited.push(state);
  return actions;
}

/** What the core gave a pod for this input: the input itself, or the KILL of a `killPods` (see decider). */
function podEventOf(input: Input, taskId: string, killPods: { gracePeriodMs?: number } | undefined): Input | undefined {
  if ('taskId' in input && input.taskId === taskId) return input;
  if (killPods) return { type: 'mesos.kill', taskId, ...(killPods.gracePeriodMs !== undefined ? { gracePeriodMs: killPods.gracePeriodMs } : {}) };
  return undefined;
}
