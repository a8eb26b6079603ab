import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, hostname, loadavg, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, formatVerdicts, readReport, RESULTS_DIR, type Figure } from './support/figures.js';

/**
 * `npm run bench`: every benchmark, one after the other, each in a process
 * of its own (so one's memory or leftovers do not weigh on the next), then
 * one table of all their figures, also written to bench/results/latest.json.
 * bench/setup.sh has made the engine, the image, both Composes and the
 * builds ready before.
 *
 * `npm run bench -- --only launchKill [--only footprint]` runs only those:
 * their figures replace the same benchmarks' in latest.json, each figure
 * keeping the date of the run it came from, and latest.json lists the
 * partial runs that replaced figures of the full one.
 */

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const BENCHMARKS = ['launchKill', 'failureDetection', 'footprint', 'replay', 'replayPage', 'manyPods', 'eventStorm', 'logThroughput', 'logFollow'];

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
    host: hostname(),
    cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    freeMemoryGb: Math.round(freemem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    docker: quietly('docker', ['version', '--format', '{{.Server.Version}}']),
    composeV2: quietly('docker', ['compose', 'version', '--short']),
    dockerCompose: quietly('docker-compose', ['version', '--short']),
    /** The 1-minute load average when the run started: other work on the machine makes figures noisy. */
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

type Machine = ReturnType<typeof machine>;

interface Results {
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  secondsByBenchmark: Record<string, number>;
  failed: string[];
  figures: Array<Figure & { runAt?: string }>;
  table: string;
  unreported: Array<{ name: string; output: string }>;
  /** Runs of some benchmarks whose figures replaced the full run's. */
  partialRuns?: Array<{ startedAt: string; benchmarks: string[]; machine: Machine }>;
}

function previous(file: string): Results | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Results;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { only: { type: 'string', multiple: true } } });
  const only = values.only ?? [];
  const unknown = only.filter((name) => !BENCHMARKS.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no benchmark ${unknown.join(', ')}; there are ${BENCHMARKS.join(', ')}\n`);
    process.exit(2);
  }
  const chosen = only.length > 0 ? BENCHMARKS.filter((name) => only.includes(name)) : BENCHMARKS;
  const startedAt = new Date();
  const info = machine();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const figures: Figure[] = [];
  const failed: string[] = [];
  const durations: Record<string, number> = {};
  const unreported: Array<{ name: string; output: string }> = [];
  for (const name of chosen) {
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
  process.stdout.write(
    `\n== compose-executor benchmarks${only.length > 0 ? ` (only ${chosen.join(', ')})` : ''}, ${startedAt.toISOString()}, ${info.host}, ${info.cpu}, ${info.memoryGb} GB, ` +
      `load ${info.loadAverage}, Node ${info.node}, Docker ${info.docker}, Compose ${info.composeV2}, docker-compose ${info.dockerCompose}\n\n${table}\n\n${formatVerdicts(figures)}\n`,
  );
  for (const { name, output } of unreported) process.stdout.write(`\n${name} (its own output):\n${output}\n`);
  const file = path.join(RESULTS_DIR, 'latest.json');
  const runAt = startedAt.toISOString();
  const dated = figures.map((f) => ({ ...f, runAt }));
  const earlier = only.length > 0 ? previous(file) : null;
  const results: Results = earlier
    ? {
        ...earlier,
        // The full run's figures, those of the benchmarks run now replaced, in the usual order.
        figures: [...earlier.figures.filter((f) => !chosen.some((name) => benchmarkOf(name) === f.benchmark || name === f.benchmark)), ...dated].sort(
          (a, b) => BENCHMARKS.indexOf(nameOf(a.benchmark)) - BENCHMARKS.indexOf(nameOf(b.benchmark)),
        ),
        secondsByBenchmark: { ...earlier.secondsByBenchmark, ...durations },
        failed: [...earlier.failed.filter((name) => !chosen.includes(name)), ...failed],
        partialRuns: [...(earlier.partialRuns ?? []), { startedAt: runAt, benchmarks: chosen, machine: info }],
        unreported: [...earlier.unreported.filter((u) => !chosen.includes(u.name)), ...unreported],
        table: '',
      }
    : { startedAt: runAt, finishedAt: new Date().toISOString(), machine: info, secondsByBenchmark: durations, failed, figures: dated, table, unreported };
  if (earlier) results.table = formatTable(results.figures);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

/** The `benchmark` field of a benchmark's figures, which is not always its file's name. */
const FIGURE_NAMES: Record<string, string> = {
  launchKill: 'launch',
  failureDetection: 'failure',
  footprint: 'footprint',
  replay: 'replay',
  manyPods: 'many pods',
  eventStorm: 'event storm',
  logThroughput: 'logThroughput',
  logFollow: 'log follow',
};
const benchmarkOf = (name: string): string => FIGURE_NAMES[name] ?? name;
const nameOf = (benchmark: string): string => Object.keys(FIGURE_NAMES).find((name) => FIGURE_NAMES[name] === benchmark) ?? benchmark;

await main();
