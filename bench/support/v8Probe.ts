import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/**
 * V8's own account of a running executor's memory, asked through the
 * inspector so the executor runs as deployed: a benchmark starts it with
 * NODE_OPTIONS=--inspect-port=0 (INSPECTABLE below), which only chooses the
 * port; SIGUSR1 opens the inspector, whose address the executor writes to
 * its stderr, and a short-lived `node --experimental-websocket` evaluates
 * the figures in the executor's main context. Ask last: the open inspector
 * costs memory of its own.
 */
export const INSPECTABLE = { NODE_OPTIONS: '--inspect-port=0' };

export interface V8Figures {
  memoryUsage: NodeJS.MemoryUsage;
  spaces: Array<{ space_name: string; space_size: number; space_used_size: number; physical_space_size: number }>;
  code: { code_and_metadata_size: number; bytecode_and_metadata_size: number; external_script_source_size: number };
  heap: { total_physical_size: number; used_heap_size: number; malloced_memory: number; peak_malloced_memory: number; external_memory: number };
  handles: Record<string, number>;
}

export const EXPRESSION = `(() => {
  const v8 = process.getBuiltinModule('node:v8');
  const handles = {};
  for (const r of process._getActiveHandles()) { const n = r?.constructor?.name ?? typeof r; handles[n] = (handles[n] ?? 0) + 1; }
  return JSON.stringify({ memoryUsage: process.memoryUsage(), spaces: v8.getHeapSpaceStatistics(), code: v8.getHeapCodeStatistics(), heap: v8.getHeapStatistics(), handles });
})()`;

const CLIENT = `const ws = new WebSocket(process.argv[1]);
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: process.argv[2], returnByValue: true } }));
ws.onmessage = (m) => { const r = JSON.parse(m.data); if (r.id === 1) { process.stdout.write(r.result?.result?.value ?? JSON.stringify(r)); ws.close(); process.exit(0); } };
ws.onerror = (e) => { process.stderr.write(String(e.message ?? e)); process.exit(1); };`;

export async function v8Figures(pid: number, sandbox: string, expression = EXPRESSION): Promise<V8Figures | null> {
  const stderr = path.join(sandbox, 'stderr');
  process.kill(pid, 'SIGUSR1');
  let url: string | undefined;
  for (let i = 0; i < 50 && url === undefined; i++) {
    await sleep(100);
    url = /Debugger listening on (ws:\/\/\S+)/.exec(readFileSync(stderr, 'utf8'))?.[1];
  }
  if (url === undefined) return null;
  const { stdout } = await promisify(execFile)(process.execPath, ['--experimental-websocket', '--no-warnings', '-e', CLIENT, url, expression], { timeout: 10_000 });
  return JSON.parse(stdout) as V8Figures;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** One line per figure, in MB: what the heap spaces hold and commit, code, external memory. */
export function describeV8(f: V8Figures): string {
  const spaces = f.spaces.filter((s) => s.physical_space_size > 0).map((s) => `${s.space_name.replace(/_space$/, '')} ${mb(s.physical_space_size)} (used ${mb(s.space_used_size)})`).join(', ');
  return [
    `V8 heap committed ${mb(f.heap.total_physical_size)} MB, used ${mb(f.heap.used_heap_size)}: ${spaces}`,
    `code: bytecode ${mb(f.code.bytecode_and_metadata_size)} MB, machine code ${mb(f.code.code_and_metadata_size)}, external script source ${mb(f.code.external_script_source_size)}`,
    `outside the heap: V8 malloced ${mb(f.heap.malloced_memory)} MB (peak ${mb(f.heap.peak_malloced_memory)}), external ${mb(f.memoryUsage.external)} (array buffers ${mb(f.memoryUsage.arrayBuffers)})`,
    `handles: ${Object.entries(f.handles).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ].join('\n');
}
