import { dotDiagram } from '../diagrams/dot.js';
import { MACHINES } from '../diagrams/lifecycleDiagrams.js';
import { machineChart } from '../diagrams/machineChart.js';
import { svgOf } from '../diagrams/svg.js';

/**
 * The lifecycle diagrams the page lights up, drawn from the machine
 * definitions as `diagram` draws them, once a page: each node's and
 * cluster's <title> is its state path, which is how the page finds it.
 */

export interface PageDiagram {
  /** `pod`, `executor`, `service`: which steps' active states it shows. */
  machine: string;
  svg: string;
}

/** Every machine `diagram` draws; a service's states are its phases, so its diagram needs nothing more from a step. */
export async function pageDiagrams(): Promise<PageDiagram[]> {
  return Promise.all(
    MACHINES.map(async ({ name: machine, machine: definition }) => {
      const svg = await svgOf(dotDiagram(machineChart(machine, definition)));
      // Inline: no prolog, and ids of their own, since Graphviz numbers every drawing from node1.
      const body = svg.slice(svg.indexOf('<svg')).replace(/\bid="/g, `id="${machine}-`);
      return { machine, svg: body };
    }),
  );
}
