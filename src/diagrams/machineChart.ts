import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * A machine as a diagram sees it: nested states with the actions they run on
 * entry and exit, and every transition with its event, guard and actions,
 * each by the name the machine gives it in `setup`. Read from the machine's
 * definition (`machine.root`), so the diagram cannot drift from it.
 */

export interface ChartState {
  /** The path below the machine, `subscribed.serving`; '' for the machine itself. */
  path: string;
  key: string;
  kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The path of the initial child of a compound state. */
  initial?: string;
  entry: string[];
  exit: string[];
  children: ChartState[];
}

export interface ChartTransition {
  source: string;
  /** null: the transition stays where it is, running only its actions. */
  target: string | null;
  /** null: taken as soon as its guard holds (`always`). */
  event: string | null;
  guard?: string;
  /** The names of its actions, in order: `createReadyServices`, `recordKill(duringLaunch)`. */
  actions: string[];
}

export interface MachineChart {
  name: string;
  root: ChartState;
  transitions: ChartTransition[];
}

export function machineChart(name: string, machine: AnyStateMachine): MachineChart {
  const transitions: ChartTransition[] = [];
  const pathOf = (node: AnyStateNode) => node.path.join('.');

  const visit = (node: AnyStateNode): ChartState => {
    const children = Object.values(node.states as Record<string, AnyStateNode>).map(visit);
    for (const [event, definitions] of node.transitions) {
      for (const definition of definitions) transitions.push(transitionOf(node, event, definition));
    }
    for (const definition of node.always ?? []) transitions.push(transitionOf(node, null, definition));
    const initial = node.type === 'compound' ? node.initial.target[0] : undefined;
    return {
      path: pathOf(node),
      key: node.key,
      kind: node.type,
      ...(initial ? { initial: pathOf(initial) } : {}),
      entry: actionNames(node.entry),
      exit: actionNames(node.exit),
      children,
    };
  };

  const transitionOf = (node: AnyStateNode, event: string | null, definition: AnyStateNode['transitions'] extends Map<string, Array<infer T>> ? T : never): ChartTransition => {
    const target = definition.target?.[0];
    const guard = guardText(definition.guard);
    return {
      source: pathOf(node),
      target: target ? pathOf(target) : null,
      event,
      ...(guard ? { guard } : {}),
      actions: actionNames(definition.actions),
    };
  };

  return { name, root: visit(machine.root), transitions };
}

/** `isTimer(executor/acknowledgements)`, `everyServiceRunning`. */
export function guardText(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return (guard as { type?: string }).type ?? 'guard';
  const { type, params } = guard as { type: string; params?: unknown };
  if (params === undefined) return type;
  return typeof params === 'string' || typeof params === 'number' ? `${type}(${params})` : `${type}(…)`;
}

/**
 * The names of an action list as the chart reads them. A named action is
 * its name, with its params when they are written out and plain
 * (`recordKill(duringLaunch)`, `toService(created)`); a `command` written
 * out is the command's type (`timer.cancel`). xstate's own unnamed creators
 * (an inline `assign`) and inline functions have no name and are left out.
 */
export function actionNames(actions: readonly unknown[]): string[] {
  return actions.flatMap((action): string[] => {
    if (typeof action === 'string') return [action];
    if (typeof action === 'function') {
      const type = (action as { type?: unknown }).type;
      return typeof type === 'string' && !type.startsWith('xstate.') ? [type] : [];
    }
    const { type, params } = action as { type: string; params?: unknown };
    if (type === 'command' && typeof (params as { type?: unknown } | undefined)?.type === 'string') return [(params as { type: string }).type];
    return [`${type}${paramsText(params)}`];
  });
}

/** `(created)`, `(duringLaunch)` for `{ duringLaunch: true }`, '' for computed params or none. */
function paramsText(params: unknown): string {
  if (params === undefined || typeof params === 'function') return '';
  if (typeof params !== 'object' || params === null) return `(${String(params)})`;
  const shown = Object.entries(params).flatMap(([key, value]) => {
    if (value === true) return [key];
    if (value === false) return [];
    return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [];
  });
  return shown.length > 0 ? `(${shown.join(', ')})` : '';
}
