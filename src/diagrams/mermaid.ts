import type { ChartState, ChartTransition, MachineChart } from './machineChart.js';
import { stateActivities, transitionLabel } from './transitionLabel.js';

/**
 * A Mermaid state diagram of a machine. Each transition is written inside
 * the innermost composite state holding both its ends, so Mermaid draws it
 * there; transitions that stay put are listed in their state, and those of
 * the machine itself in a note.
 */
export function mermaidDiagram(chart: MachineChart): string {
  const lines = ['---', `title: ${chart.name}`, '---', 'stateDiagram-v2'];
  const everywhere = chart.transitions.filter((transition) => transition.source === '' && transition.target === null);
  const placed = chart.transitions.filter((transition) => transition.target !== null);

  const write = (state: ChartState, depth: number) => {
    const indent = '  '.repeat(depth);
    if (state.initial) lines.push(`${indent}[*] --> ${idOf(state.initial)}`);
    for (const child of state.children) {
      const id = idOf(child.path);
      if (child.children.length > 0) {
        lines.push(`${indent}state "${child.key}" as ${id} {`);
        write(child, depth + 1);
        lines.push(`${indent}}`);
      } else if (child.key !== id) {
        lines.push(`${indent}state "${child.key}" as ${id}`);
      }
      for (const activity of stateActivities(chart, child)) lines.push(`${indent}${id} : ${activity}`);
      if (child.kind === 'final') lines.push(`${indent}${id} --> [*]`);
    }
    for (const transition of placed.filter((transition) => home(transition) === state.path)) {
      const source = idOf(transition.source);
      const label = transitionLabel(transition);
      lines.push(`${indent}${source} --> ${idOf(transition.target!)}${label ? ` : ${label}` : ''}`);
    }
  };
  write(chart.root, 1);

  if (everywhere.length > 0 && chart.root.initial) {
    lines.push(`  note right of ${idOf(chart.root.initial)}`);
    lines.push('    in every state:');
    for (const transition of everywhere) lines.push(`    ${transitionLabel(transition)}`);
    lines.push('  end note');
  }
  return lines.join('\n') + '\n';
}

/** Mermaid ids are global: `subscribed.serving` → `subscribed_serving`. */
function idOf(path: string): string {
  return path.replace(/\./g, '_');
}

/** The path of the innermost composite state that holds both ends of a transition. */
function home(transition: ChartTransition): string {
  const source = transition.source.split('.');
  const target = (transition.target ?? transition.source).split('.');
  const common: string[] = [];
  // Parents only: a state cannot hold a transition drawn from its own border.
  for (let index = 0; index < Math.min(source.length, target.length) - 1 && source[index] === target[index]; index++) common.push(source[index]!);
  return common.join('.');
}
