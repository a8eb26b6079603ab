import type { PageData } from '../pageData.js';

/**
 * Lights a machine's diagram for one step: its active states `current`,
 * states entered so far `visited`, transitions taken so far `taken`. Each
 * node, cluster and edge is read once; a step only compares numbers.
 */

interface Part {
  element: Element;
  /** Record index it was first active / taken at, or Infinity. */
  first: number;
  /** For nodes and clusters: the state path. */
  state?: string;
}

const startPoint = (name: string) => name.replace(/\.?\[\*\]$/, '');

export class DiagramLights {
  private readonly parts: Part[] = [];
  private machine = '';

  constructor(private readonly figure: Element, private readonly data: PageData) {}

  /** Which machine of the data (`pod t1`, `executor`) the diagram shows. */
  follow(machine: string): void {
    if (machine === this.machine) return;
    this.machine = machine;
    this.figure.querySelector('figcaption')!.textContent = machine;
    const firstActive = this.data.firstActive[machine] ?? {};
    const taken = Object.entries(this.data.firstTaken[machine] ?? {}).map(([key, index]) => {
      const [source, target] = key.split('->') as [string, string];
      return { source, target, index };
    });
    const within = (state: string, outer: string) => outer === '' || state === outer || state.startsWith(`${outer}.`);
    this.parts.length = 0;
    for (const group of this.figure.querySelectorAll('g.node, g.cluster, g.edge')) {
      const title = group.querySelector('title')?.textContent ?? '';
      group.classList.remove('current', 'visited', 'taken');
      if (group.classList.contains('edge')) {
        const [from, to] = title.split('->').map(startPoint) as [string, string];
        const first = Math.min(Infinity, ...taken.filter((step) => within(step.source, from) && within(step.target, to) && from !== to).map((step) => step.index));
        this.parts.push({ element: group, first });
      } else {
        const state = title.replace(/^cluster_/, '');
        this.parts.push({ element: group, first: firstActive[state] ?? Infinity, state });
      }
    }
  }

  show(index: number, active: readonly string[]): void {
    for (const part of this.parts) {
      const reached = part.first <= index;
      part.element.classList.toggle(part.state === undefined ? 'taken' : 'visited', reached);
      if (part.state !== undefined) part.element.classList.toggle('current', active.includes(part.state));
    }
  }
}
