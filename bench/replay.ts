import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXECUTOR_BIN } from '../src/agent/localPod.js';
import { ratioOf, report, round, type Figure } from './support/figures.js';
import { watchPeakRss } from './support/processStats.js';
import { syntheticLog } from './support/syntheticLog.js';

/**
 * Replay with verify of a synthetic log made by the real core (see
 * support/syntheticLog.ts): BENCH_REPLAY_EVENTS inputs (default 1,000,000)
 * and one tenth of that, to show whether memory grows with the log. Three
 * runs, each in a process of its own whose peak RSS is read from /proc:
 * `compose-executor replay --verify` as shipped (dist/), the streaming
 * verifier of src/replay/verifier.ts (dist/ too), and
 * `compose-executor replay --at` past the last record, which folds the
 * whole log as the timeline does.
 */

const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const SMALL = Math.round(EVENTS / 10);
const TIMEOUT_MS = Number(process.env.BENCH_REPLAY_TIMEOUT_S ?? 240) * 1000;
const STREAMING_VERIFIER = fileURLToPath(new URL('../dist/replay/verifier.js', import.meta.url));

/** `at`: `replay --at` past the last record, the timeline's fold without its printing. */
type Verifier = 'cli' | 'streaming' | 'at';

interface Run {
  ok: boolean;
  seconds: number;
  peakRssMb: number | null;
  message: string;
}

function command(verifier: Verifier, log: string): string[] {
  if (verifier === 'cli') return [EXECUTOR_BIN, 'replay', '--verify', log];
  if (verifier === 'at') return [EXECUTOR_BIN, 'replay', '--at', String(Number.MAX_SAFE_INTEGER), log];
  const script = `const { verifyLogFile } = await import(${JSON.stringify(STREAMING_VERIFIER)});
const result = await verifyLogFile(${JSON.stringify(log)});
if (!result.ok || result.divergence) { console.log(JSON.stringify(result).slice(0, 2000)); process.exit(1); }
console.log(\`\${result.inputs} inputs and \${result.commands} commands replay to the recorded commands\`);`;
  return ['--input-type=module', '-e', script];
}

function verify(verifier: Verifier, log: string): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, command(verifier, log), { stdio: ['ignore', 'pipe', 'pipe'] });
    const peak = watchPeakRss(child.pid!);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\nkilled after ${TIMEOUT_MS / 1000} s`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const message = output.trim().split('\n').filter(Boolean).slice(-3).join(' / ').slice(0, 300);
      resolve({ ok: code === 0, seconds, peakRssMb: peak.stop(), message: message || `exit ${code ?? signal}` });
    });
  });
}

async function main(): Promise<void> {
  const made = performance.now();
  const small = await syntheticLog(SMALL);
  const large = await syntheticLog(EVENTS);
  const mb = (file: string) => (statSync(file).size / 1024 / 1024).toFixed(0);
  process.stderr.write(`logs: ${SMALL} inputs (${mb(small)} MB), ${EVENTS} inputs (${mb(large)} MB), ready in ${((performance.now() - made) / 1000).toFixed(1)} s\n`);

  const figures: Figure[] = [];
  for (const verifier of ['cli', 'streaming', 'at'] as const) {
    const name = { cli: 'replay --verify', streaming: 'streaming verify', at: 'replay --at (whole log)' }[verifier];
    const smallRun = await verify(verifier, small);
    const largeRun = await verify(verifier, large);
    for (const [size, run] of [[SMALL, smallRun], [EVENTS, largeRun]] as const) {
      process.stderr.write(`${name}, ${size} inputs: ${run.ok ? 'ok' : 'FAILED'} in ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb?.toFixed(0)} MB: ${run.message}\n`);
    }
    const rate = largeRun.ok ? EVENTS / largeRun.seconds : null;
    figures.push({
      benchmark: 'replay',
      figure: `${name}, ${EVENTS.toLocaleString('en')} events`,
      unit: 'events/s',
      ours: rate === null ? null : Math.round(rate),
      target: verifier === 'at' ? 'context' : '≥ 50,000 events/s',
      ...(verifier === 'at' ? {} : { met: rate !== null && rate >= 50_000 }),
      note: largeRun.ok
        ? `${largeRun.seconds.toFixed(1)} s wall, process start included; ${{ cli: 'compose-executor replay --verify (dist/)', streaming: 'verifyLogFile of src/replay/verifier.ts (dist/)', at: 'compose-executor replay --at (dist/), every input folded and the state report of the last' }[verifier]}`
        : `failed: ${largeRun.message}`,
    });
    const largePeak = largeRun.ok ? largeRun.peakRssMb : null;
    const smallPeak = smallRun.ok ? smallRun.peakRssMb : null;
    const growth = ratioOf(largePeak, smallPeak);
    figures.push({
      benchmark: 'replay',
      figure: `${name}, peak RSS`,
      unit: 'MB',
      ours: largePeak === null ? null : round(largePeak),
      peerName: `${SMALL.toLocaleString('en')}-event log`,
      peer: smallPeak === null ? null : round(smallPeak),
      ratio: growth,
      target: 'flat (≤ 1.5x for 10x the events)',
      met: growth !== null && growth <= 1.5,
      ...(largeRun.ok ? {} : { note: `the ${EVENTS.toLocaleString('en')}-event run failed at peak RSS ${largeRun.peakRssMb?.toFixed(0)} MB` }),
    });
  }
  report('replay', figures);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
}
