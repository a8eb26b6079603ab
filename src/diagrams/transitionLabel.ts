import type { ChartState, ChartTransition, MachineChart } from './machineChart.js';

/** `container.died [knownContainer] / container.stop`: UML's event [guard] / effects. */
export function transitionLabel(transition: ChartTransition): string {
  return [
    transition.event ?? '',
    transition.guard ? `[${transition.guard}]` : '',
    transition.commands.length > 0 ? `/ ${transition.commands.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * What a state does without leaving: `entry / ...`, `exit / ...`, then its
 * transitions that have no target, as UML draws internal transitions.
 */
export function stateActivities(chart: MachineChart, state: ChartState): string[] {
  return [
    ...(state.entry.length > 0 ? [`entry / ${state.entry.join(', ')}`] : []),
    ...(state.exit.length > 0 ? [`exit / ${state.exit.join(', ')}`] : []),
    ...chart.transitions.filter((transition) => transition.source === state.path && transition.target === null).map(transitionLabel),
  ];
}
