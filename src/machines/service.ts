import { setup } from 'xstate';
import type { ServicePhase } from './serviceStates.js';
import { transitionsOf } from './transitions.js';

/**
 * One service's container through its life, as the pod sees it. The pod
 * keeps each service's phase as data and folds it with `phaseAfter`, xstate's
 * pure transition of this machine: no actor is spawned per service.
 *
 * Events the pod decides (`create`, `start`, `stop`, `remove`, `abandon`) are
 * only sent from the phases the pod picks them in; events Docker reports
 * (`created`, `started`, `running`, `died`, `stopped`, `removed`, ...) are
 * accepted wherever a race can bring them, as the pod took them before this
 * machine existed. An event a phase does not accept leaves it as it is, so
 * an event that would keep a phase is not drawn.
 */

/** What the pod made of a death: serviceDeath.ts decides it. */
export type DeathPhase = Extract<ServicePhase, 'completed' | 'restarting' | 'exited'>;

export type ServiceEvent =
  | { type: 'create' }
  | { type: 'created' }
  | { type: 'createFailed' }
  /** Created while the pod stops: never started, only removed. */
  | { type: 'abandon' }
  | { type: 'start' }
  | { type: 'startFailed' }
  /** Docker says it runs: the start's answer, its event overtaking it, a restart, a reconciliation. */
  | { type: 'running' }
  | { type: 'died'; then: DeathPhase }
  | { type: 'stop' }
  | { type: 'stopped' }
  | { type: 'remove' }
  | { type: 'removed' }
  | { type: 'removeFailed' };

const service = setup({
  types: { events: {} as ServiceEvent },
  guards: {
    diesAs: ({ event }, then: DeathPhase) => event.type === 'died' && event.then === then,
  },
});

/** Docker reports that the container runs; accepted in every phase with a container. */
const runs = { running: 'running' } as const;
/** Removal is forced: any container not already going is removed. */
const removable = { remove: 'removing' } as const;
/** A start's failure can come back after Docker reported the container's death or its run. */
const startFails = { startFailed: 'exited' } as const;
const judged = [
  { guard: { type: 'diesAs', params: 'completed' }, target: 'completed' },
  { guard: { type: 'diesAs', params: 'restarting' }, target: 'restarting' },
  { target: 'exited' },
] as const;

export const serviceMachine = service.createMachine({
  id: 'service',
  initial: 'pending',
  states: {
    /** Waiting for its image, network or dependencies. */
    pending: { on: { create: 'creating' } },
    creating: { on: { created: 'created', createFailed: 'gone', abandon: 'exited' } },
    /** Created early, waiting for a dependency to run before it starts. */
    created: { on: { start: 'starting', abandon: 'exited', died: 'exited', ...startFails, ...runs, ...removable } },
    starting: { on: { died: [...judged], stopped: 'exited', ...startFails, ...runs, ...removable } },
    running: { on: { died: [...judged], stop: 'stopping', stopped: 'exited', ...startFails, ...removable } },
    /** Died; Docker's restart policy brings it back. */
    restarting: { on: { died: [...judged], stop: 'stopping', stopped: 'exited', ...startFails, ...runs, ...removable } },
    /** Exited 0 and will not run again: a one-shot service that did its job. */
    completed: { on: { died: 'exited', ...startFails, ...runs, ...removable } },
    /** Asked to stop: a death on the way is the stop's, not a failure. */
    stopping: { on: { stopped: 'exited', ...startFails, ...runs, ...removable } },
    /** Stopped for good. */
    exited: { on: { ...runs, ...removable } },
    removing: { on: { removed: 'gone', removeFailed: 'gone' } },
    /** Removed, or never created. */
    gone: { type: 'final' },
  },
});

const transitions = transitionsOf(serviceMachine);
/** Each (phase, event) once: a transition costs tens of microseconds, and a replay folds many. */
const known = new Map<string, ServicePhase>();

/** The phase a service is in after an event: the service machine's pure transition. */
export function phaseAfter(phase: ServicePhase, event: ServiceEvent): ServicePhase {
  const key = `${phase} ${event.type} ${event.type === 'died' ? event.then : ''}`;
  let next = known.get(key);
  if (next === undefined) {
    const snapshot = serviceMachine.resolveState({ value: phase, context: undefined as never });
    next = transitions.next(snapshot, event)[0].value as ServicePhase;
    known.set(key, next);
  }
  return next;
}
