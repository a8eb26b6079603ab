import { readFileSync } from 'node:fs';

/**
 * Where a running executor's resident memory is, read from outside it so
 * it runs as deployed: /proc/<pid>/smaps, each mapping's Rss sorted by what
 * holds it. Linux only, as Mesos agents are.
 */
export interface SmapsBreakdown {
  total: number;
  /** The node binary's pages (its code, read-only data and embedded builtins), file-backed. */
  nodeBinary: number;
  /** Shared libraries (libc, libstdc++, ...), file-backed. */
  libraries: number;
  /** The main malloc arena ([heap]): Node's and libuv's C++ allocations, the snapshot's data Node keeps. */
  mallocHeap: number;
  /** V8's heap pages: 256 kB anonymous mappings, plus large objects (one mapping each, V8-page aligned). */
  v8Pages: number;
  /** Every other anonymous mapping: large malloc blocks (the startup snapshot's V8 data), thread arenas and stacks, code ranges. */
  otherAnonymous: number;
  /** Proportional share: file pages count once across the processes mapping them (every node on the machine shares its binary). */
  pss: number;
}

interface Mapping {
  start: number;
  end: number;
  name: string;
  rssKb: number;
  pssKb: number;
}

function mappingsOf(pid: number): Mapping[] {
  const mappings: Mapping[] = [];
  let current: Mapping | undefined;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      current = { start: parseInt(header[1]!, 16), end: parseInt(header[2]!, 16), name: header[3]!.trim(), rssKb: 0, pssKb: 0 };
      mappings.push(current);
      continue;
    }
    const field = /^(Rss|Pss):\s+(\d+) kB/.exec(line);
    if (field && current) current[field[1] === 'Rss' ? 'rssKb' : 'pssKb'] = Number(field[2]);
  }
  return mappings;
}

/** V8 allocates its heap in 256 kB pages aligned to 256 kB. */
const V8_PAGE = 256 * 1024;

export function smapsBreakdown(pid: number): SmapsBreakdown | null {
  let mappings: Mapping[];
  let exe: string;
  try {
    mappings = mappingsOf(pid);
    exe = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return null;
  }
  const out: SmapsBreakdown = { total: 0, nodeBinary: 0, libraries: 0, mallocHeap: 0, v8Pages: 0, otherAnonymous: 0, pss: 0 };
  for (const m of mappings) {
    const mb = m.rssKb / 1024;
    out.total += mb;
    out.pss += m.pssKb / 1024;
    if (m.name === '[heap]') out.mallocHeap += mb;
    else if (m.name.startsWith('/')) {
      if (m.name.endsWith('/node') || m.name === exe) out.nodeBinary += mb;
      else out.libraries += mb;
    } else if (m.name === '' && m.start % V8_PAGE === 0 && (m.end - m.start) % 4096 === 0 && m.start > 0xffffffff && m.start < 0x7f0000000000) out.v8Pages += mb;
    else out.otherAnonymous += mb;
  }
  return out;
}

const fixed = (mb: number) => mb.toFixed(1);

/** `name: total MB = binary + libraries + malloc + V8 pages + other anonymous (Pss)`, beside a baseline's. */
export function describeSmaps(name: string, b: SmapsBreakdown, baseline?: SmapsBreakdown): string {
  const part = (key: Exclude<keyof SmapsBreakdown, 'total' | 'pss'>, label: string) =>
    `${label} ${fixed(b[key])}${baseline ? ` (${b[key] - baseline[key] >= 0 ? '+' : ''}${fixed(b[key] - baseline[key])})` : ''}`;
  return `${name}: RSS ${fixed(b.total)} MB = ${[
    part('nodeBinary', 'node binary'),
    part('libraries', 'libraries'),
    part('mallocHeap', 'malloc [heap]'),
    part('v8Pages', 'V8 heap pages'),
    part('otherAnonymous', 'other anonymous'),
  ].join(' + ')}; Pss ${fixed(b.pss)}`;
}
