import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { commandsOfActions } from './actionCommands.js';

/**
 * A machine as a diagram sees it: nested states with what they issue on
 * entry and exit, and every transition with its event, guard and commands.
 * Read from the machine's definition, so the diagram cannot drift from it.
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
  commands: string[];
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
      entry: commandsOfActions(machine, node.entry),
      exit: commandsOfActions(machine, node.exit),
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
      commands: commandsOfActions(machine, definition.actions),
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
