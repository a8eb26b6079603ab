import { createActor, type ActorScope, type AnyActorRef, type AnyActorScope, type AnyStateMachine, type ExecutableActionObject, type InputFrom, type SnapshotFrom } from 'xstate';

/**
 * xstate's pure `transition` and `initialTransition`, without their cost
 * per call. Those build a throwaway actor for every event, and that actor's
 * constructor computes the machine's initial snapshot with no input, which
 * for the pod machine throws and is caught: about half of what a replay
 * spent. The scope here is built once per machine and is as inert as
 * theirs; only the collector of actions changes between calls, which is
 * safe because a transition runs synchronously to its end. The machines
 * spawn no actors and schedule no delays, so nothing registers in the
 * shared system.
 */
export interface Transitions<M extends AnyStateMachine> {
  initial(input: InputFrom<M>): [SnapshotFrom<M>, ExecutableActionObject[]];
  next(snapshot: SnapshotFrom<M>, event: Parameters<M['transition']>[1]): [SnapshotFrom<M>, ExecutableActionObject[]];
}

export function transitionsOf<M extends AnyStateMachine>(machine: M): Transitions<M> {
  let collected: ExecutableActionObject[] = [];
  const scope = inertScopeOf(createActor(machine), (action) => {
    collected.push(action);
  }) as ActorScope<SnapshotFrom<M>, Parameters<M['transition']>[1]>;

  const collecting = <T>(step: () => T): [T, ExecutableActionObject[]] => {
    collected = [];
    try {
      return [step(), collected];
    } finally {
      collected = [];
    }
  };
  return {
    initial: (input) => collecting(() => machine.getInitialSnapshot(scope, input) as SnapshotFrom<M>),
    next: (snapshot, event) => collecting(() => machine.transition(snapshot, event, scope) as SnapshotFrom<M>),
  };
}

/**
 * An actor scope through which a transition only reports its actions: no
 * logging, no emitted events, no children stopped, nothing deferred. `self`
 * is an actor never started; the system is its own.
 */
export function inertScopeOf(self: AnyActorRef, actionExecutor: (action: ExecutableActionObject) => void): AnyActorScope {
  return {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor,
  } as unknown as AnyActorScope;
}

