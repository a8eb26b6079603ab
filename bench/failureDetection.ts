import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { docker, runBenchmark } from './support/benchEngine.js';
import { BenchPod, type ExecutorBuild } from './support/benchPod.js';
import { ratioOf, report, round } from './support/figures.js';
import { podComposeFile } from './support/podFile.js';
import { percentile } from './support/samples.js';
import { dieWatcher } from './support/dieWatcher.js';

/**
 * `docker kill` of one container of a running pod → TASK_FAILED received by
 * the agent, over BENCH_FAILURE_PODS (default 50) pods. Pods are launched
 * in batches of BENCH_FAILURE_BATCH (default 5) to save time, but each kill
 * is measured alone: the next container is killed only once the previous
 * pod's executor has cleaned up and exited, so the 2-core machine is not
 * busy with another pod while one is timed. The peer is the floor: a
 * dockerode watcher of the engine's event stream in this process, timed
 * from the same kill to the container's `die` event.
 */

const PODS = Number(process.env.BENCH_FAILURE_PODS ?? 50);
const BATCH = Number(process.env.BENCH_FAILURE_BATCH ?? 5);
const BUILD = (process.env.BENCH_EXECUTOR ?? 'snapshot') as ExecutorBuild;
const VICTIM = 'joined2';

async function main(): Promise<void> {
  const latencies: number[] = [];
  const detections: number[] = [];
  const watched: number[] = [];
  const dies = await dieWatcher();
  const composeFile = podComposeFile(5);
  for (let done = 0; done < PODS; ) {
    const size = Math.min(BATCH, PODS - done);
    const pods = await Promise.all(Array.from({ length: size }, (_, i) => BenchPod.start({ composeFile, build: BUILD, name: `fail${done + i}` })));
    await Promise.all(pods.map((pod) => pod.running()));
    for (const pod of pods) {
      const victim = (await pod.containers())[VICTIM];
      if (victim === undefined) throw new Error(`${pod.taskId} has no ${VICTIM} container`);
      const killedAt = Date.now();
      const died = dies.next(victim);
      await docker.getContainer(victim).kill();
      const failed = await pod.waitForState(['TASK_FAILED', 'TASK_KILLED', 'TASK_FINISHED', 'TASK_ERROR']);
      if (failed.state !== 'TASK_FAILED') throw new Error(`${pod.taskId}: docker kill ended in ${failed.state}`);
      latencies.push(failed.receivedAt - killedAt);
      watched.push((await died) - killedAt);
      const diedAt = await diedLoggedAt(pod);
      if (diedAt !== null) detections.push(diedAt - killedAt);
      await pod.finished();
    }
    done += size;
    process.stderr.write(`${done}/${PODS} pods: last ${latencies.slice(-size).join(', ')} ms\n`);
  }
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const note = `${PODS} pods of 5 services, launched ${BATCH} at a time, killed one at a time (SIGKILL of ${VICTIM} through the Docker API, timed from the request)`;
  dies.stop();
  const seen = percentile(detections, 50);
  const floor50 = percentile(watched, 50);
  const floor99 = percentile(watched, 99);
  report('failureDetection', [
    { benchmark: 'failure', figure: 'docker kill→TASK_FAILED p50', unit: 'ms', ours: p50 === null ? null : round(p50), peerName: 'die event to a watcher', peer: floor50, ratio: ratioOf(p50, floor50), target: '≤ 30 ms', met: p50 !== null && p50 <= 30, note },
    { benchmark: 'failure', figure: 'docker kill→TASK_FAILED p99', unit: 'ms', ours: p99 === null ? null : round(p99), peerName: 'die event to a watcher', peer: floor99, ratio: ratioOf(p99, floor99), target: '≤ 100 ms and ≤ 1.1x', met: p99 !== null && p99 <= 100 && (ratioOf(p99, floor99) ?? Infinity) <= 1.1 },
    {
      benchmark: 'failure',
      figure: 'docker kill→container.died logged p50',
      unit: 'ms',
      ours: seen === null ? null : round(seen),
      target: 'context',
      note: 'when the executor learnt of the death (the input\'s time in its event log); the rest is the executor\'s own: deciding, writing the event log and sending the UPDATE',
    },
  ]);
}

/** The engine's `die` events as this process sees them: the soonest anyone can know of a death. */
/** When the executor logged the victim's death, by its own clock (the same machine's). */
async function diedLoggedAt(pod: BenchPod): Promise<number | null> {
  const lines = (await readFile(path.join(pod.sandbox, 'events.jsonl'), 'utf8')).split('\n');
  for (const line of lines.slice(1)) {
    if (!line.includes('"container.died"')) continue;
    const record = JSON.parse(line) as { at: string; type: string; payload: { service?: string } };
    if (record.type === 'container.died' && record.payload.service === VICTIM) return Date.parse(record.at);
  }
  return null;
}

await runBenchmark(main);
