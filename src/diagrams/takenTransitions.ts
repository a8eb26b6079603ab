import { createActor, type AnyMachineSnapshot, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition, type EventObject } from 'xstate';
import { inertScopeOf } from '../machines/transitions.js';
import { guardText } from './machineChart.js';

/** One transition a machine took, named as the machine's chart names it. */
export interface TakenTransition {
  source: string;
  /** null: it stayed where it was, running only its actions. */
  target: string | null;
  /** null: taken as soon as its guard held (`always`). */
  event: string | null;
  guard?: string;
}

export interface Step {
  next: AnyMachineSnapshot;
  /** Every state it was in on the way, even those it left in the same macrostep. */
  passed: string[];
  /** In the order the machine took them: the event's transition, then each eventless one it led to. */
  taken: TakenTransition[];
  /** The actions the step asked for, unexecuted: `killPods` with its params, `command`, ... */
  actions: Array<{ type: string; params?: unknown }>;
}

/**
 * Which transitions one event makes a machine take, as xstate itself selects
 * them: the macrostep is run with an actor scope that executes nothing and
 * only listens to xstate's microstep inspection. Pure like `transition`.
 */
export function takenTransitions(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): Step {
  const taken: TakenTransition[] = [];
  const actions: Step['actions'] = [];
  // Never started: the actor is only the scope's `self` and carries the inspection listener.
  const self = createActor(machine, {
    snapshot,
    inspect: (inspection) => {
      if (inspection.type !== '@xstate.microstep') return;
      for (const definition of (inspection as { _transitions: AnyTransitionDefinition[] })._transitions) taken.push(transitionOf(definition));
    },
  });
  const scope = inertScopeOf(self, (action) => void actions.push({ type: action.type, ...(action.params !== undefined ? { params: action.params } : {}) }));
  const microsteps = machine.microstep(snapshot, event, scope);
  const passed = [...new Set(microsteps.flatMap(activeStates))];
  return { next: microsteps[microsteps.length - 1] ?? snapshot, passed, taken, actions };
}

/** The state paths a snapshot is in, outermost first: `subscribed`, `subscribed.serving`. */
export function activeStates(snapshot: AnyMachineSnapshot): string[] {
  return (snapshot._nodes as AnyStateNode[]).map((node) => node.path.join('.')).filter((path) => path !== '');
}

function transitionOf(definition: AnyTransitionDefinition): TakenTransition {
  const target = definition.target?.[0];
  const guard = guardText(definition.guard);
  return {
    source: definition.source.path.join('.'),
    target: target ? target.path.join('.') : null,
    event: definition.eventType === '' ? null : definition.eventType,
    ...(guard ? { guard } : {}),
  };
}
