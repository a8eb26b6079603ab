import type { ChartState, MachineChart } from './machineChart.js';
import type { MachinePath } from './replayPaths.js';

/**
 * What a drawing of a machine highlights for one path through it: the
 * states visited, where the path ended, and at which places of the path each
 * transition of the chart was taken. Pure: a chart and a path in, marks out.
 */
export interface DiagramMarks {
  visited: ReadonlySet<string>;
  final: ReadonlySet<string>;
  /** By index into the chart's transitions: the order numbers it was taken at. */
  taken: ReadonlyMap<number, number[]>;
  /** Composite states ('' for the machine) whose start arrow was followed, with the order numbers of the transitions that entered them. */
  entered: ReadonlyMap<string, number[]>;
  /** Steps of the path that match no transition of the chart: a path from another machine. */
  unknown: MachinePath['steps'];
}

export function pathMarks(chart: MachineChart, path: MachinePath): DiagramMarks {
  const composite = new Set<string>();
  const collect = (state: ChartState) => {
    if (state.initial) composite.add(state.path);
    state.children.forEach(collect);
  };
  collect(chart.root);

  const taken = new Map<number, number[]>();
  const entered = new Map<string, number[]>();
  const unknown: MachinePath['steps'] = [];
  // In place: a transition taken tens of thousands of times in a long log must not be copied each time.
  const add = <K>(map: Map<K, number[]>, key: K, order: number) => {
    const orders = map.get(key);
    if (orders) orders.push(order);
    else map.set(key, [order]);
  };

  for (const step of path.steps) {
    if (step.start) {
      add(entered, '', step.order);
      continue;
    }
    const index = chart.transitions.findIndex(
      (transition) => transition.source === step.source && transition.target === step.target && transition.event === step.event && transition.guard === step.guard,
    );
    if (index < 0) {
      unknown.push(step);
      continue;
    }
    add(taken, index, step.order);
    if (step.target !== null && composite.has(step.target)) add(entered, step.target, step.order);
  }
  return { visited: new Set(path.visited), final: new Set(path.final), taken, entered, unknown };
}

/** `#4`, `#4 #9 ×2`, `#4 #9 #12 … #40 ×12`: where a transition was taken, shortened when it was taken often. */
export function ordersText(orders: readonly number[]): string {
  const shown = orders.length <= 5 ? orders.map((order) => `#${order}`) : [...orders.slice(0, 3).map((order) => `#${order}`), '…', `#${orders[orders.length - 1]}`];
  return [...shown, ...(orders.length > 1 ? [`×${orders.length}`] : [])].join(' ');
}
