import type { ChartState, MachineChart } from './machineChart.js';
import { ordersText, type DiagramMarks } from './pathMarks.js';
import { stateActivities, transitionLabel } from './transitionLabel.js';

/**
 * A Graphviz diagram of a machine: composite states are clusters, each with
 * a start point that edges to or from the composite state attach to.
 * Transitions between the same two states share one edge, a line each.
 * With `marks`, the path of a replayed pod is drawn over it: what it did
 * not touch greyed, what it visited blue, each transition it took red on an
 * edge of its own with its order numbers, and where it ended orange.
 */
export function dotDiagram(chart: MachineChart, marks?: DiagramMarks): string {
  const lines = [
    `digraph ${quote(chart.name)} {`,
    '  compound=true;',
    '  rankdir=TB; nodesep=0.9; ranksep=0.6;',
    `  label=${quote(chart.name)}; labelloc=t; fontname="Helvetica"; fontsize=16;`,
    // Wide margins: the SVG viewer's sans-serif runs wider than Graphviz's Helvetica metrics.
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11, margin="0.3,0.08"];',
    '  edge [fontname="Helvetica", fontsize=9];',
    ...(marks ? [`  node [color=${GREY}, fontcolor=${GREY_TEXT}];`, `  edge [color=${GREY}, fontcolor=${GREY_TEXT}];`] : []),
  ];
  const states = new Map<string, ChartState>();
  const taken = (index: number) => marks?.taken.get(index);

  const write = (state: ChartState, depth: number) => {
    const indent = '  '.repeat(depth);
    if (state.initial) {
      const entered = marks?.entered.get(state.path);
      const startStyle = entered ? `, ${TAKEN}${state.path === '' ? `, label=${quote(ordersText(entered))}` : ''}` : '';
      lines.push(`${indent}${quote(startOf(state.path))} [shape=point, width=0.12, label=""${entered ? `, color=${RED}` : ''}];`);
      lines.push(`${indent}${quote(startOf(state.path))} -> ${quote(state.initial)}${startStyle ? ` [${startStyle.slice(2)}]` : ''};`);
    }
    for (const child of state.children) {
      states.set(child.path, child);
      const ended = marks?.final.has(child.path) && child.children.length === 0;
      const label = [child.key, ...stateActivities(chart, child), ...(ended ? ['(here when the log ended)'] : [])].join('\\n');
      const style = marks?.visited.has(child.path) ? (ended ? FINAL : VISITED) : '';
      if (child.children.length > 0) {
        lines.push(`${indent}subgraph ${quote(`cluster_${child.path}`)} {`);
        const clusterStyle = marks ? ` ${style ? CLUSTER_VISITED : CLUSTER_UNVISITED}` : '';
        lines.push(`${indent}  label=${quote(label)}; style=rounded; fontname="Helvetica"; fontsize=11;${clusterStyle}`);
        write(child, depth + 1);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}${quote(child.path)} [label=${quote(label)}${child.kind === 'final' ? ', peripheries=2' : ''}${style ? `, ${style}` : ''}];`);
      }
    }
  };
  write(chart.root, 1);

  const composite = (path: string) => (states.get(path)?.children.length ?? 0) > 0;
  const edges = new Map<string, { head: string; attributes: string[]; labels: string[]; firsts: number[] }>();
  for (const [index, transition] of chart.transitions.entries()) {
    const orders = taken(index);
    if (transition.target === null) {
      // Taken, a transition that stays put is drawn as a loop so that it can carry its numbers.
      if (orders) {
        const at = transition.source === '' ? 'in every state' : composite(transition.source) ? startOf(transition.source) : transition.source;
        // One loop a state, a line each: loops of their own would lay their labels over each other.
        const loop = edges.get(`loop ${at}`) ?? { head: `${quote(at)} -> ${quote(at)}`, attributes: [TAKEN], labels: [], firsts: [] };
        const first = orders[0]!;
        const place = loop.firsts.filter((other) => other < first).length;
        loop.labels.splice(place, 0, `${ordersText(orders)}  ${transitionLabel(transition)}`);
        loop.firsts.splice(place, 0, first);
        edges.set(`loop ${at}`, loop);
      }
      continue;
    }
    const { source, target } = transition;
    const attributes = [
      ...(composite(source) ? [`ltail=${quote(`cluster_${source}`)}`] : []),
      ...(composite(target) && target !== source ? [`lhead=${quote(`cluster_${target}`)}`] : []),
      ...(transition.event === null ? ['style=dashed'] : []),
      ...(orders ? [TAKEN] : []),
    ];
    const head = `${quote(composite(source) ? startOf(source) : source)} -> ${quote(composite(target) ? startOf(target) : target)}`;
    const key = orders ? `taken ${index}` : `${head} ${attributes.join(' ')}`;
    const edge = edges.get(key) ?? { head, attributes, labels: [], firsts: [] };
    edge.labels.push(orders ? `${ordersText(orders)}  ${transitionLabel(transition)}` : transitionLabel(transition));
    edges.set(key, edge);
  }
  const notes: string[] = [];
  const everywhere = chart.transitions.filter((transition) => transition.source === '' && transition.target === null).map(transitionLabel);
  if (everywhere.length > 0) {
    notes.push(`  "in every state" [shape=note, style="", label=${quote(['in every state:', ...everywhere].join('\\l') + '\\l')}];`);
  }
  if (marks) lines.push(...notes);
  for (const { head, attributes, labels } of edges.values()) {
    const label = marks && loops(head) ? labels.join('\\l') + '\\l' : labels.join('\\n');
    lines.push(`  ${head} [${[`label=${quote(label)}`, ...attributes].join(', ')}];`);
  }
  if (!marks) lines.push(...notes);
  lines.push('}');
  return lines.join('\n') + '\n';
}

const GREY = '"#b0b0b0"';
const GREY_TEXT = '"#8a8a8a"';
const RED = '"#c62828"';
const TAKEN = `class="taken", color=${RED}, fontcolor=${RED}, penwidth=2.4`;
const VISITED = 'class="visited", style="rounded,filled", fillcolor="#e3f2fd", color="#1565c0", fontcolor="#0d2c54", penwidth=2';
const FINAL = 'class="visited ended", style="rounded,filled", fillcolor="#ffe0b2", color="#e65100", fontcolor="#3e2000", penwidth=3';
const CLUSTER_VISITED = 'class="visited"; color="#1565c0"; fontcolor="#0d2c54"; penwidth=2;';
const CLUSTER_UNVISITED = `color=${GREY}; fontcolor=${GREY_TEXT};`;

/** `"a" -> "a"`. */
function loops(head: string): boolean {
  const [from, to] = head.split(' -> ');
  return from === to;
}

function startOf(path: string): string {
  return path === '' ? '[*]' : `${path}.[*]`;
}

/** A DOT string; `\n` and `\l` in labels are kept as Graphviz line breaks. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}
