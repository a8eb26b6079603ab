import type { AnyStateMachine } from 'xstate';
import { dotDiagram } from '../diagrams/dot.js';
import { machineChart } from '../diagrams/machineChart.js';
import { svgOf } from '../diagrams/svg.js';
import { executorMachine } from '../machines/executor.js';
import { podMachine } from '../machines/pod.js';

/**
 * The lifecycle diagrams the page lights up, drawn from the machine
 * definitions as `diagram` draws them, once a page: each node's and
 * cluster's <title> is its state path, which is how the page finds it.
 */

export interface PageDiagram {
  /** `pod`, `executor`: which steps' active states it shows. */
  machine: string;
  svg: string;
}

const DIAGRAMS: ReadonlyArray<{ machine: string; definition: AnyStateMachine }> = [
  { machine: 'pod', definition: podMachine },
  { machine: 'executor', definition: executorMachine },
];

export async function pageDiagrams(): Promise<PageDiagram[]> {
  return Promise.all(
    DIAGRAMS.map(async ({ machine, definition }) => {
      const svg = await svgOf(dotDiagram(machineChart(machine, definition)));
      // Inline: no prolog, and ids of their own, since Graphviz numbers every drawing from node1.
      const body = svg.slice(svg.indexOf('<svg')).replace(/\bid="/g, `id="${machine}-`);
      return { machine, svg: body };
    }),
  );
}
