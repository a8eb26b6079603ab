import type { AnyStateMachine } from 'xstate';
import { executorMachine } from '../machines/executor.js';
import { podMachine } from '../machines/pod.js';
import { dotDiagram } from './dot.js';
import { machineChart } from './machineChart.js';
import { pathMarks } from './pathMarks.js';
import type { MachinePath } from './replayPaths.js';
import { svgOf } from './svg.js';

/**
 * The path of every machine of a replayed log, drawn on its lifecycle
 * diagram, the drawings side by side in one SVG: each pod first, in launch
 * order, then the executor session. A title line says what the colours mean.
 */

const MACHINES: Record<MachinePath['machine'], AnyStateMachine> = { pod: podMachine, executor: executorMachine };
const GAP = 24;
const TITLE_HEIGHT = 44;

export function pathDot(path: MachinePath): string {
  const chart = machineChart(path.name, MACHINES[path.machine]);
  return dotDiagram(chart, pathMarks(chart, path));
}

export async function pathSvg(paths: readonly MachinePath[], title: string): Promise<string> {
  // Each drawing's ids get its machine's name: Graphviz numbers every drawing from node1.
  const drawings = await Promise.all(paths.map(async (path) => inner(await svgOf(pathDot(path)), path.name.replace(/\W+/g, '-'))));
  let x = 0;
  const placed = drawings.map((drawing) => {
    const at = x;
    x += drawing.width + GAP;
    return `<svg x="${at}" y="${TITLE_HEIGHT}" width="${drawing.width}" height="${drawing.height}" viewBox="${drawing.viewBox}">${drawing.body}</svg>`;
  });
  const width = Math.max(x - GAP, 600);
  const height = TITLE_HEIGHT + Math.max(0, ...drawings.map((drawing) => drawing.height));
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}pt" height="${height}pt" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="8" y="18" font-family="Helvetica,sans-serif" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<text x="8" y="36" font-family="Helvetica,sans-serif" font-size="11">${legend()}</text>`,
    ...placed,
    '</svg>',
    '',
  ].join('\n');
}

function legend(): string {
  return [
    '<tspan fill="#c62828" font-weight="bold">red: transitions taken, #n in the order taken, ×n when taken n times</tspan>',
    '<tspan dx="20" fill="#1565c0" font-weight="bold">blue: states visited</tspan>',
    '<tspan dx="20" fill="#e65100" font-weight="bold">orange: where the log ended</tspan>',
    '<tspan dx="20" fill="#8a8a8a">grey: not reached</tspan>',
  ].join('');
}

/** Graphviz's SVG without its prolog: the size in points and what to nest. */
function inner(svg: string, idPrefix: string): { width: number; height: number; viewBox: string; body: string } {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('Graphviz returned no <svg> element');
  const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(open[0])?.[1] ?? '';
  const width = parseFloat(attribute('width'));
  const height = parseFloat(attribute('height'));
  const body = svg.slice(open.index + open[0].length, svg.lastIndexOf('</svg>')).replace(/\bid="/g, `id="${idPrefix}-`);
  return { width, height, viewBox: attribute('viewBox') || `0 0 ${width} ${height}`, body };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
