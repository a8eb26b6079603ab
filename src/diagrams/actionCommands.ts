import type { AnyStateMachine } from 'xstate';
import { Command } from '../events/commands.js';

/**
 * Which commands an action list may issue, read from the machine without
 * running it: the `type` of each `command` action's params, whether the
 * params are written out or computed, and what `enqueueActions` blocks
 * enqueue on any branch. Other named effects (`killPods`) are kept by name.
 */

const COMMAND_TYPES: ReadonlySet<string> = new Set(Command.types.map((member) => (member.types[0].props.type as { value: string }).value));

type ActionLike = string | { type: string; params?: unknown } | ((...args: unknown[]) => unknown);

export function commandsOfActions(machine: AnyStateMachine, actions: readonly unknown[]): string[] {
  const found: string[] = [];
  const add = (name: string) => {
    if (!found.includes(name)) found.push(name);
  };
  const seen = new Set<unknown>();

  const visit = (action: ActionLike | undefined): void => {
    if (action === undefined || seen.has(action)) return;
    seen.add(action);
    if (typeof action === 'string') return visitNamed(action, undefined);
    if (typeof action === 'function') return visitFunction(action);
    visitNamed(action.type, action.params);
  };

  const visitNamed = (name: string, params: unknown): void => {
    if (name === 'command') {
      if (typeof params === 'function') commandTypesIn(params).forEach(add);
      else if (typeof (params as { type?: unknown })?.type === 'string') add((params as { type: string }).type);
      return;
    }
    const implementation = (machine.implementations.actions as Record<string, ActionLike | undefined>)[name];
    if (typeof implementation === 'function' && isBuiltIn(implementation)) return visit(implementation);
    if (implementation !== undefined) add(name);
  };

  const visitFunction = (action: (...args: unknown[]) => unknown): void => {
    const collect = (action as { collect?: (...args: unknown[]) => unknown }).collect;
    if (!collect) return;
    // Literal commands on every branch, even those a dummy run would not take.
    commandTypesIn(collect).forEach(add);
    // Actions enqueued by reference (`enqueue(createReadyServices)`) only show when the block runs.
    const enqueue = Object.assign((enqueued: ActionLike) => visit(enqueued), { assign: () => {}, raise: () => {}, cancel: () => {}, emit: () => {}, log: () => {}, sendTo: () => {}, spawnChild: () => {}, stopChild: () => {} });
    try {
      collect({ context: anything(), event: anything(), enqueue, check: () => true, self: anything(), system: anything() }, undefined);
    } catch {
      // A block that cannot run on a stand-in context still shows its literal commands.
    }
  };

  actions.forEach((action) => visit(action as ActionLike));
  return found;
}

/** xstate's own action creators (`assign`, `enqueueActions`, ...) carry a `type` like `xstate.assign`. */
function isBuiltIn(action: (...args: unknown[]) => unknown): boolean {
  const type = (action as unknown as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('xstate.');
}

/** Command types written as literals in a function's source: `type: 'container.create'`. */
function commandTypesIn(fn: unknown): string[] {
  const source = String(fn);
  return [...source.matchAll(/type:\s*["'`]([a-z]+\.[a-z_]+)["'`]/g)].map((match) => match[1]!).filter((type) => COMMAND_TYPES.has(type));
}

/** A value that answers any property, call or iteration with another such value, so a block runs through its branches. */
function anything(): unknown {
  return new Proxy(() => {}, {
    get: (_target, key) => {
      if (key === Symbol.iterator) return function* () { yield anything(); };
      if (key === Symbol.toPrimitive) return () => 1;
      if (key === 'then') return undefined;
      return anything();
    },
    apply: () => anything(),
    ownKeys: () => ['any'],
    getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, value: anything() }),
  });
}
