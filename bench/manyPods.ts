import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_PREFIX, docker, runBenchmark } from './support/benchEngine.js';
import { BenchPod, BUILD_NAMES, type ExecutorBuild } from './support/benchPod.js';
import { ratioOf, report, round } from './support/figures.js';
import { minimalPodDown, minimalPodUp } from './support/minimalPod.js';
import { podComposeFile } from './support/podFile.js';
import { cpuMs, rssMb } from './support/processStats.js';
import { median, sum } from './support/samples.js';
import { cpuShareFrom } from './support/cpuShare.js';
import { describeCpu, describePhases, executorPhases, scriptPhases } from './support/launchBreakdown.js';

/**
 * BENCH_MANY_PODS (default 50) executors, each with a 3-service pod, all
 * launched at once through an embedded agent each: the time until every
 * task is TASK_RUNNING beside the minimal dockerode script bringing up as
 * many pods at once, the executors' total RSS, and then one pod's container
 * killed: that pod fails, and none of the others sends an update or loses
 * a container. Printed beside it: each launch phase's median and p90 over
 * the pods, the executors' (process start, then the phases of their event
 * logs) and the script's same steps, and who used the CPUs meanwhile
 * (bench/support/launchBreakdown.ts).
 */

const PODS = Number(process.env.BENCH_MANY_PODS ?? 50);
const BUILD = (process.env.BENCH_EXECUTOR ?? 'snapshot') as ExecutorBuild;
const SIZE = 3;
const QUIET_MS = 3000;
/** A /24 a pod, out of Docker's default pools, which hold about 30 networks (see podComposeFile). */
const subnetOf = (i: number) => `10.213.${i}.0/24`;

async function main(): Promise<void> {
  const started = Date.now();
  const benchCpuBefore = process.cpuUsage();
  const oursCpu = cpuShareFrom();
  const pods = await Promise.all(Array.from({ length: PODS }, (_, i) => BenchPod.start({ composeFile: podComposeFile(SIZE, subnetOf(i)), build: BUILD, name: `many${i}` })));
  const running = await Promise.all(pods.map((pod) => pod.running(180_000)));
  const allRunning = Math.max(...running.map((update) => update.receivedAt)) - started;
  const oursShare = oursCpu(pods.map((pod) => pod.pid));
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const executorCpu = pods.map((pod) => cpuMs(pod.pid) ?? 0);
  const oursPhases = executorPhases(started, pods, running.map((update) => update.receivedAt));
  process.stderr.write(`${PODS} pods running after ${allRunning} ms\n`);
  await sleep(2000);
  const rss = pods.map((pod) => rssMb(pod.pid) ?? 0);
  const totalRss = sum(rss);

  const [victim, ...others] = pods;
  const updatesBefore = new Map(others.map((pod) => [pod, pod.agent.updates.length]));
  const victimContainer = (await victim!.containers())['joined1'];
  await docker.getContainer(victimContainer!).kill();
  const failed = await victim!.waitForState(['TASK_FAILED', 'TASK_KILLED', 'TASK_FINISHED', 'TASK_ERROR']);
  await sleep(QUIET_MS);
  const disturbed = others.filter((pod) => pod.agent.updates.length !== updatesBefore.get(pod) || pod.executor.child.exitCode !== null);
  const otherIds = new Set(others.map((pod) => pod.taskId));
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['taskId'] }) });
  const stoppedOthers = list.filter((c) => otherIds.has(c.Labels['taskId'] ?? '') && c.State !== 'running');
  const runningOthers = list.filter((c) => otherIds.has(c.Labels['taskId'] ?? '') && c.State === 'running').length;
  const isolated = failed.state === 'TASK_FAILED' && disturbed.length === 0 && stoppedOthers.length === 0 && runningOthers === others.length * SIZE;
  process.stderr.write(`victim ${failed.state}; others: ${disturbed.length} sent updates or exited, ${runningOthers}/${others.length * SIZE} containers running\n`);

  for (const pod of pods) pod.kill();
  await Promise.all(pods.map((pod) => pod.finished(120_000)));

  const minimalStarted = performance.now();
  const minimalStartedAt = Date.now();
  const scriptCpu = cpuShareFrom((process.cpuUsage().user + process.cpuUsage().system) / 1000);
  const minimal = await Promise.all(Array.from({ length: PODS }, (_, i) => minimalPodUp(`${BENCH_PREFIX}-minimany${i}`, SIZE, subnetOf(i))));
  const minimalAllUp = performance.now() - minimalStarted;
  const scriptShare = scriptCpu([process.pid]);
  process.stderr.write(
    [
      `where the ${PODS} launches spent their time:`,
      describePhases(oursPhases, scriptPhases(minimalStartedAt, minimal)),
      describeCpu('executors', oursShare, `the executors ${Math.round(median(executorCpu) ?? 0)} ms each (median), all of them`),
      `  the benchmark's own process (${PODS} embedded agents) meanwhile: ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s`,
      describeCpu('script', scriptShare, 'the script'),
    ].join('\n') + '\n',
  );
  await Promise.all(minimal.map((pod) => minimalPodDown(pod)));

  report('manyPods', [
    {
      benchmark: 'many pods',
      figure: `${PODS} pods launched at once → all RUNNING`,
      unit: 'ms',
      ours: allRunning,
      peerName: 'minimal dockerode',
      peer: round(minimalAllUp),
      ratio: ratioOf(allRunning, minimalAllUp),
      target: '≤ 1.15x',
      met: (ratioOf(allRunning, minimalAllUp) ?? Infinity) <= 1.15,
      note: `ours from spawning ${PODS} executors (${BUILD_NAMES[BUILD]}) of ${SIZE}-service pods, each with its own embedded agent and its own /24 pod network, to the last TASK_RUNNING; the peer makes the same Docker calls for ${PODS} pods in one process`,
    },
    {
      benchmark: 'many pods',
      figure: `total executor RSS, ${PODS} pods`,
      unit: 'MB',
      ours: round(totalRss),
      target: `≤ ${PODS} × 60 MB`,
      met: totalRss <= PODS * 60,
      note: `${round(totalRss / PODS)} MB an executor`,
    },
    {
      benchmark: 'many pods',
      figure: 'one pod killed, others undisturbed',
      unit: '',
      ours: isolated ? 'yes' : 'no',
      target: 'yes',
      met: isolated,
      note: `victim ended ${failed.state}; in the ${QUIET_MS / 1000} s after, ${disturbed.length} other pods sent an update or exited, ${stoppedOthers.length} of their containers were not running`,
    },
  ]);
}

await runBenchmark(main);
