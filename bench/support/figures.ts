import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One line of the benchmark table: our value, the peer's in the same run, and the target. */
export interface Figure {
  benchmark: string;
  figure: string;
  unit: string;
  /** A number, or a word for a yes/no figure. */
  ours: number | string | null;
  /** What the peer is, e.g. "docker-compose 1.29"; absent when the figure has none. */
  peerName?: string;
  peer?: number | null;
  /** ours / peer. */
  ratio?: number | null;
  target: string;
  /** Undefined when the figure has no target of its own (context for another line). */
  met?: boolean;
  note?: string;
}

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export function ratioOf(ours: number | null, peer: number | null | undefined): number | null {
  if (ours === null || peer === null || peer === undefined || peer === 0) return null;
  return ours / peer;
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function cell(value: number | string | null | undefined, unit = ''): string {
  if (value === undefined) return '';
  if (value === null) return 'n/a';
  if (typeof value === 'string') return value;
  const text = Number.isInteger(value) ? String(value) : Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

/** The table as printed: figure, ours, peer, ratio, target (with "MISSED" where it is). */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    `${f.benchmark}: ${f.figure}`,
    cell(f.ours, f.unit),
    f.peerName === undefined ? '' : `${cell(f.peer, f.unit)} (${f.peerName})`,
    f.ratio === undefined ? '' : f.ratio === null ? 'n/a' : `${f.ratio.toFixed(2)}x`,
    f.met === undefined ? f.target : `${f.target} ${f.met ? 'MET' : 'MISSED'}`,
  ]);
  const header = ['figure', 'ours', 'peer', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.benchmark}: ${f.figure}: ${f.note}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/** One line a target: MET or MISSED, the figure, and the ratio or value it was judged on. */
export function formatVerdicts(figures: readonly Figure[]): string {
  return figures
    .filter((f) => f.met !== undefined)
    .map((f) => {
      const judged = f.ratio !== undefined && f.ratio !== null && /x/.test(f.target) ? `${f.ratio.toFixed(2)}x ${f.peerName ?? ''}`.trim() : cell(f.ours, f.unit);
      return `${f.met ? 'MET   ' : 'MISSED'} ${f.benchmark}: ${f.figure}: ${judged} (target ${f.target})`;
    })
    .join('\n');
}

/** Prints one benchmark's figures and keeps them in bench/results/<name>.json for `npm run bench` to gather. */
export function report(name: string, figures: Figure[]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), JSON.stringify({ benchmark: name, finishedAt: new Date().toISOString(), figures }, null, 2) + '\n');
  process.stdout.write(`\n${formatTable(figures)}\n\n${formatVerdicts(figures)}\n`);
}

export function readReport(name: string): Figure[] | null {
  try {
    const parsed = JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8')) as { figures?: Figure[] };
    return Array.isArray(parsed.figures) ? parsed.figures : null;
  } catch {
    return null;
  }
}
