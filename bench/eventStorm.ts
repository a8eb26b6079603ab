import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_PREFIX, docker, LONG_RUNNING_COMMAND, runBenchmark, TEST_IMAGE } from './support/benchEngine.js';
import { BenchPod, type ExecutorBuild } from './support/benchPod.js';
import { ratioOf, report } from './support/figures.js';
import { podComposeFile } from './support/podFile.js';
import { cpuMs } from './support/processStats.js';

/**
 * BENCH_STORM_CONTAINERS (default 200) containers that are none of the
 * pod's business, each created, started, stopped and removed, 8 at a time,
 * while a 5-service pod runs: the executor's CPU time in that window (from
 * /proc/<pid>/stat) beside what it spends idle in as long a time (its rate
 * over quiet windows before and after the storm: its own background work,
 * such as reconciling every 10 s, comes in bursts), and the Docker events
 * it logged in the window (it should get none: its event stream is
 * filtered by label at the engine).
 */

const CONTAINERS = Number(process.env.BENCH_STORM_CONTAINERS ?? 200);
const BUILD = (process.env.BENCH_EXECUTOR ?? 'snapshot') as ExecutorBuild;
const PARALLEL = 8;
const QUIET_S = Number(process.env.BENCH_STORM_QUIET_S ?? 20);

/** The executor's CPU time over a quiet window, in ms. */
async function quietCpu(pid: number): Promise<number> {
  const before = cpuMs(pid)!;
  await sleep(QUIET_S * 1000);
  return cpuMs(pid)! - before;
}

async function storm(): Promise<void> {
  const labels = { 'com.docker.compose.project': `${BENCH_PREFIX}-storm` };
  let next = 0;
  const worker = async () => {
    while (next < CONTAINERS) {
      const n = next++;
      const container = await docker.createContainer({ name: `${BENCH_PREFIX}-storm-${n}`, Image: TEST_IMAGE, Cmd: LONG_RUNNING_COMMAND, Labels: labels });
      await container.start();
      await container.stop({ t: 0 });
      await container.remove({ force: true });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

/** The Docker events the executor logged, as inputs: every container.* fact it read from the engine's stream. */
function dockerInputsLogged(pod: BenchPod): number {
  const text = readFileSync(path.join(pod.sandbox, 'events.jsonl'), 'utf8');
  return text.split('\n').filter((line) => line.includes('"kind":"input"') && /"type":"container\.(died|running|health|oom)"/.test(line)).length;
}

async function main(): Promise<void> {
  const pod = await BenchPod.start({ composeFile: podComposeFile(5), build: BUILD, name: 'storm-pod' });
  await pod.running();
  await sleep(2000);

  const quietBefore = await quietCpu(pod.pid);
  const inputsBefore = dockerInputsLogged(pod);
  const cpuBefore = cpuMs(pod.pid)!;
  const started = performance.now();
  await storm();
  const seconds = (performance.now() - started) / 1000;
  const stormCpu = cpuMs(pod.pid)! - cpuBefore;
  const stormInputs = dockerInputsLogged(pod) - inputsBefore;

  const quietAfter = await quietCpu(pod.pid);
  const idleCpu = Math.round(((quietBefore + quietAfter) / (2 * QUIET_S)) * seconds);
  process.stderr.write(`storm of ${CONTAINERS} containers: ${seconds.toFixed(1)} s, executor CPU ${stormCpu} ms (quiet: ${quietBefore} ms before, ${quietAfter} ms after, in ${QUIET_S} s each), ${stormInputs} Docker events logged\n`);

  pod.kill();
  await pod.waitForState(['TASK_KILLED', 'TASK_FAILED']);
  await pod.finished();

  report('eventStorm', [
    {
      benchmark: 'event storm',
      figure: `executor CPU while ${CONTAINERS} other containers start and stop`,
      unit: 'ms',
      ours: stormCpu,
      peerName: 'idle, as long',
      peer: idleCpu,
      ratio: ratioOf(stormCpu, idleCpu),
      target: '≈ idle (≤ 1.5x + 20 ms)',
      met: stormCpu <= idleCpu * 1.5 + 20,
      note: `a ${seconds.toFixed(1)} s window; idle: ${quietBefore} ms in ${QUIET_S} s before the storm and ${quietAfter} ms in ${QUIET_S} s after, scaled to the window; /proc counts in 10 ms ticks`,
    },
    {
      benchmark: 'event storm',
      figure: 'Docker events the executor logged in that window',
      unit: '',
      ours: stormInputs,
      target: '0',
      met: stormInputs === 0,
    },
  ]);
}

await runBenchmark(main);
