import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, readReport, RESULTS_DIR, type Figure } from './support/figures.js';

/**
 * `npm run bench`: every benchmark, one after the other, each in a process
 * of its own (so one's memory or leftovers do not weigh on the next), then
 * one table of all their figures, also written to bench/results/latest.json.
 * bench/setup.sh has made the engine, the image, docker-compose and the
 * builds ready before.
 */

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const BENCHMARKS = ['launchKill', 'failureDetection', 'footprint', 'replay', 'replayPage', 'manyPods', 'eventStorm', 'logThroughput'];

function runOne(name: string): Promise<{ code: number | null; output: string; seconds: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH, `${name}.ts`)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // The footprint is read after a minute only in the full run; alone it waits less.
      env: { BENCH_FOOTPRINT_WAIT_S: '60', ...process.env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

function quietly(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    freeMemoryGb: Math.round(freemem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    docker: quietly('docker', ['version', '--format', '{{.Server.Version}}']),
    dockerCompose: quietly('docker-compose', ['version', '--short']),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const figures: Figure[] = [];
  const failed: string[] = [];
  const durations: Record<string, number> = {};
  const unreported: Array<{ name: string; output: string }> = [];
  for (const name of BENCHMARKS) {
    if (!existsSync(path.join(BENCH, `${name}.ts`))) continue;
    rmSync(path.join(RESULTS_DIR, `${name}.json`), { force: true });
    process.stderr.write(`\n== ${name}\n`);
    const { code, output, seconds } = await runOne(name);
    durations[name] = Math.round(seconds);
    const reported = readReport(name);
    if (code !== 0) failed.push(name);
    if (reported) figures.push(...reported);
    else unreported.push({ name, output: output.trim() });
    if (code !== 0 && !reported) {
      figures.push({ benchmark: name, figure: 'did not finish', unit: '', ours: null, target: 'runs', met: false, note: `exit ${code}; its output is above` });
    }
  }
  const table = formatTable(figures);
  const info = machine();
  process.stdout.write(`\n== compose-executor benchmarks, ${startedAt.toISOString()}, ${info.cpu}, ${info.memoryGb} GB, Node ${info.node}, Docker ${info.docker}\n\n${table}\n`);
  for (const { name, output } of unreported) process.stdout.write(`\n${name} (its own output):\n${output}\n`);
  writeFileSync(
    path.join(RESULTS_DIR, 'latest.json'),
    JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: info, secondsByBenchmark: durations, failed, figures, table, unreported }, null, 2) + '\n',
  );
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
