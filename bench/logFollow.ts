import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { docker, LONG_RUNNING_COMMAND, runBenchmark, TEST_IMAGE } from './support/benchEngine.js';
import { BenchPod, BUILD_NAMES, type ExecutorBuild } from './support/benchPod.js';
import { dieWatcher } from './support/dieWatcher.js';
import { report, round } from './support/figures.js';
import { rssMb } from './support/processStats.js';

/**
 * Following a chatty container: a pod of two services, `chatty` writing
 * BENCH_LOG_RATE (default 50,000) lines a second for BENCH_LOG_SECONDS
 * (default 10) seconds, each line numbered, and `victim`, idle. The
 * executor's RSS is sampled every 100 ms before (idle) and while the lines
 * flow; every numbered line must reach the sandbox's stdout; then, while
 * chatty floods on, `victim` is `docker kill`ed and TASK_FAILED must reach
 * the agent within the usual latency (the failure benchmark's p99 target)
 * of the kill, beside Docker's own `die` event.
 */

const RATE = Number(process.env.BENCH_LOG_RATE ?? 50_000);
const SECONDS = Number(process.env.BENCH_LOG_SECONDS ?? 10);
const BUILD = (process.env.BENCH_EXECUTOR ?? 'snapshot') as ExecutorBuild;
const FLOOD_DELAY_S = 6;
const KILL_LATENCY_MS = 100;

/** Bursts of RATE numbered lines (`A<second>-<line>`) once a second, then unnumbered ones (`B`) until stopped; `$$` is Compose's literal `$`. */
const CHATTY = [
  'sh',
  '-c',
  `trap 'exit 0' TERM; sleep ${FLOOD_DELAY_S}; s=0; while [ $$s -lt ${SECONDS} ]; do awk -v s=$$s 'BEGIN { for (i = 0; i < ${RATE}; i++) printf "A%d-%d %040d\\n", s, i, 0 }'; s=$$((s+1)); sleep 1; done; ` +
    `while :; do awk 'BEGIN { for (i = 0; i < ${RATE}; i++) printf "B %040d\\n", 0 }'; sleep 1; done`,
];

async function countNumbered(file: string): Promise<number> {
  let count = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (/\| A\d+-\d+ /.test(line)) count++;
  return count;
}

async function main(): Promise<void> {
  const composeFile = JSON.stringify({
    services: { victim: { image: TEST_IMAGE, command: LONG_RUNNING_COMMAND }, chatty: { image: TEST_IMAGE, command: CHATTY } },
  });
  const dies = await dieWatcher();
  const pod = await BenchPod.start({ composeFile, build: BUILD, name: 'logfollow' });
  const running = await pod.running();
  const floodAt = running.receivedAt + FLOOD_DELAY_S * 1000;
  const idle: number[] = [];
  while (Date.now() < floodAt - 500) {
    idle.push(rssMb(pod.pid) ?? 0);
    await sleep(100);
  }
  const flooding: number[] = [];
  const floodEnds = floodAt + SECONDS * 1000 + 3000;
  while (Date.now() < floodEnds) {
    flooding.push(rssMb(pod.pid) ?? 0);
    await sleep(100);
  }
  const expected = RATE * SECONDS;
  const stdout = path.join(pod.sandbox, 'stdout');
  let arrived = await countNumbered(stdout);
  for (let waited = 0; arrived < expected && waited < 30; waited += 2) {
    flooding.push(rssMb(pod.pid) ?? 0);
    await sleep(2000);
    arrived = await countNumbered(stdout);
  }

  const victim = (await pod.containers())['victim']!;
  const killedAt = Date.now();
  const died = dies.next(victim);
  await docker.getContainer(victim).kill();
  const failed = await pod.waitForState(['TASK_FAILED', 'TASK_KILLED', 'TASK_FINISHED', 'TASK_ERROR']);
  const latency = failed.receivedAt - killedAt;
  const dieLatency = (await died) - killedAt;
  dies.stop();
  await pod.finished();

  const idleRss = Math.max(...idle);
  const peakRss = Math.max(...flooding);
  const note = `${BUILD_NAMES[BUILD]}; ${RATE.toLocaleString('en')} lines/s of 50 bytes for ${SECONDS} s; RSS sampled every 100 ms`;
  report('logFollow', [
    { benchmark: 'log follow', figure: 'executor RSS while following, peak above idle', unit: 'MB', ours: round(peakRss - idleRss), peerName: 'idle', peer: round(idleRss), target: '≤ 10 MB', met: peakRss - idleRss <= 10, note },
    { benchmark: 'log follow', figure: 'numbered lines in the sandbox stdout', unit: '', ours: arrived, peerName: 'written', peer: expected, target: 'all', met: arrived === expected },
    {
      benchmark: 'log follow',
      figure: 'docker kill of the other service → TASK_FAILED, while flooding',
      unit: 'ms',
      ours: latency,
      peerName: 'die event to a watcher',
      peer: dieLatency,
      target: `≤ ${KILL_LATENCY_MS} ms`,
      met: failed.state === 'TASK_FAILED' && latency <= KILL_LATENCY_MS,
      note: `one kill; the pod ended ${failed.state}`,
    },
    {
      benchmark: 'log follow',
      figure: 'TASK_FAILED after Docker\'s die event, while flooding',
      unit: 'ms',
      ours: latency - dieLatency,
      target: 'context',
      note: 'the executor\'s own share of the kill latency, to set beside the failure benchmark\'s',
    },
  ]);
}

await runBenchmark(main);
