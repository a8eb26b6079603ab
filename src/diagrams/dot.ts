import type { ChartState, MachineChart } from './machineChart.js';
import { stateActivities, transitionLabel } from './transitionLabel.js';

/**
 * A Graphviz diagram of a machine: composite states are clusters, each with
 * a start point that edges to or from the composite state attach to.
 * Transitions between the same two states share one edge, a line each.
 */
export function dotDiagram(chart: MachineChart): string {
  const lines = [
    `digraph ${quote(chart.name)} {`,
    '  compound=true;',
    '  rankdir=TB; nodesep=0.9; ranksep=0.6;',
    `  label=${quote(chart.name)}; labelloc=t; fontname="Helvetica"; fontsize=16;`,
    // Wide margins: the SVG viewer's sans-serif runs wider than Graphviz's Helvetica metrics.
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11, margin="0.3,0.08"];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const states = new Map<string, ChartState>();

  const write = (state: ChartState, depth: number) => {
    const indent = '  '.repeat(depth);
    if (state.initial) {
      lines.push(`${indent}${quote(startOf(state.path))} [shape=point, width=0.12, label=""];`);
      lines.push(`${indent}${quote(startOf(state.path))} -> ${quote(state.initial)};`);
    }
    for (const child of state.children) {
      states.set(child.path, child);
      const label = [child.key, ...stateActivities(chart, child)].join('\\n');
      if (child.children.length > 0) {
        lines.push(`${indent}subgraph ${quote(`cluster_${child.path}`)} {`);
        lines.push(`${indent}  label=${quote(label)}; style=rounded; fontname="Helvetica"; fontsize=11;`);
        write(child, depth + 1);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}${quote(child.path)} [label=${quote(label)}${child.kind === 'final' ? ', peripheries=2' : ''}];`);
      }
    }
  };
  write(chart.root, 1);

  const composite = (path: string) => (states.get(path)?.children.length ?? 0) > 0;
  const edges = new Map<string, { head: string; attributes: string[]; labels: string[] }>();
  for (const transition of chart.transitions) {
    if (transition.target === null) continue;
    const { source, target } = transition;
    const attributes = [
      ...(composite(source) ? [`ltail=${quote(`cluster_${source}`)}`] : []),
      ...(composite(target) && target !== source ? [`lhead=${quote(`cluster_${target}`)}`] : []),
      ...(transition.event === null ? ['style=dashed'] : []),
    ];
    const head = `${quote(composite(source) ? startOf(source) : source)} -> ${quote(composite(target) ? startOf(target) : target)}`;
    const key = `${head} ${attributes.join(' ')}`;
    const edge = edges.get(key) ?? { head, attributes, labels: [] };
    edge.labels.push(transitionLabel(transition));
    edges.set(key, edge);
  }
  for (const { head, attributes, labels } of edges.values()) {
    lines.push(`  ${head} [${[`label=${quote(labels.join('\\n'))}`, ...attributes].join(', ')}];`);
  }

  const everywhere = chart.transitions.filter((transition) => transition.source === '' && transition.target === null).map(transitionLabel);
  if (everywhere.length > 0) {
    lines.push(`  "in every state" [shape=note, style="", label=${quote(['in every state:', ...everywhere].join('\\l') + '\\l')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function startOf(path: string): string {
  return path === '' ? '[*]' : `${path}.[*]`;
}

/** A DOT string; `\n` and `\l` in labels are kept as Graphviz line breaks. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}
