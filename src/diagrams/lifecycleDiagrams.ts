import type { AnyStateMachine } from 'xstate';
import { executorMachine } from '../machines/executor.js';
import { podMachine } from '../machines/pod.js';
import { serviceMachine } from '../machines/service.js';
import { dotDiagram } from './dot.js';
import { machineChart } from './machineChart.js';
import { mermaidDiagram } from './mermaid.js';
import { svgOf } from './svg.js';

/** The diagrams committed in diagrams/: every machine, in every format. */

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

const EXTENSIONS: Record<DiagramFormat, string> = { mermaid: 'mmd', dot: 'dot', svg: 'svg' };

export const MACHINES: ReadonlyArray<{ name: string; machine: AnyStateMachine }> = [
  { name: 'pod', machine: podMachine },
  { name: 'service', machine: serviceMachine },
  { name: 'executor', machine: executorMachine },
];

export interface DiagramFile {
  /** `pod.mmd`, relative to the diagrams folder. */
  file: string;
  text: string;
}

export async function lifecycleDiagrams(formats: readonly DiagramFormat[] = DIAGRAM_FORMATS): Promise<DiagramFile[]> {
  const files: DiagramFile[] = [];
  for (const { name, machine } of MACHINES) {
    const chart = machineChart(name, machine);
    const dot = dotDiagram(chart);
    for (const format of formats) {
      const text = format === 'mermaid' ? mermaidDiagram(chart) : format === 'dot' ? dot : await svgOf(dot);
      files.push({ file: `${name}.${EXTENSIONS[format]}`, text });
    }
  }
  return files;
}
