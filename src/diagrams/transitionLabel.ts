import type { ChartState, ChartTransition, MachineChart } from './machineChart.js';

/** `container.died [liveServiceDied] / dieService(reportSidecars)`: UML's event [guard] / actions. */
export function transitionLabel(transition: ChartTransition): string {
  return [
    transition.event ?? '',
    transition.guard ? `[${transition.guard}]` : '',
    transition.actions.length > 0 ? `/ ${transition.actions.join(', ')}` : '',
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
