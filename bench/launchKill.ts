import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BENCH_PREFIX, onCleanUp, runBenchmark } from './support/benchEngine.js';
import { BenchPod, type ExecutorBuild } from './support/benchPod.js';
import { ratioOf, report, round, type Figure } from './support/figures.js';
import { minimalPodDown, minimalPodUp } from './support/minimalPod.js';
import { podPhases, type PodPhases } from './support/podPhases.js';
import { podComposeFile } from './support/podFile.js';
import { max, median } from './support/samples.js';

/**
 * Launch and kill of a 5-service pod, three ways in the same run, taking
 * turns: our executor (LAUNCH sent by the agent → TASK_RUNNING received;
 * KILL sent → TASK_KILLED received), `docker-compose up -d` / `down`
 * (the commands' wall time), and a minimal dockerode script making only
 * the Docker calls the pod needs (the calls' time).
 *
 * BENCH_ROUNDS (default 10) rounds after one warm-up round of each.
 */

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BUILD = (process.env.BENCH_EXECUTOR ?? 'bundle') as ExecutorBuild;
const COMPOSE_FILE = podComposeFile(5);

interface Timing {
  up: number;
  down: number;
  /** For our executor: from spawning the process to TASK_RUNNING. */
  spawnToRunning?: number;
  phases?: PodPhases | null;
}

async function ours(round: number): Promise<Timing> {
  const pod = await BenchPod.start({ composeFile: COMPOSE_FILE, build: BUILD, name: `launch${round}` });
  try {
    const runningUpdate = await pod.running();
    const up = runningUpdate.receivedAt - pod.subscribedAt!;
    const killSent = Date.now();
    pod.kill();
    const killed = await pod.waitForState(['TASK_KILLED', 'TASK_FAILED']);
    if (killed.state !== 'TASK_KILLED') throw new Error(`${pod.taskId}: KILL ended in ${killed.state}`);
    const down = killed.receivedAt - killSent;
    await pod.executor.exited;
    const phases = podPhases(pod.sandbox);
    await pod.finished();
    return { up, down, spawnToRunning: runningUpdate.receivedAt - pod.spawnedAt, phases };
  } finally {
    await pod.destroy();
  }
}

async function minimal(round: number): Promise<Timing> {
  const started = performance.now();
  const pod = await minimalPodUp(`${BENCH_PREFIX}-minimal${round}`);
  const up = performance.now() - started;
  const stopping = performance.now();
  await minimalPodDown(pod);
  return { up, down: performance.now() - stopping };
}

let composeDir = '';

async function compose(round: number): Promise<Timing> {
  const project = ['-p', `${BENCH_PREFIX}-compose${round}`, '-f', path.join(composeDir, 'docker-compose.yml')];
  const started = performance.now();
  await run('docker-compose', [...project, 'up', '-d'], { cwd: composeDir });
  const up = performance.now() - started;
  const stopping = performance.now();
  await run('docker-compose', [...project, 'down'], { cwd: composeDir });
  return { up, down: performance.now() - stopping };
}

const peers = { ours, minimal, compose } as const;
type Peer = keyof typeof peers;

async function main(): Promise<void> {
  composeDir = await mkdtemp(path.join(tmpdir(), 'compose-executor-bench-compose-'));
  onCleanUp(() => rm(composeDir, { recursive: true, force: true }));
  await writeFile(path.join(composeDir, 'docker-compose.yml'), COMPOSE_FILE);
  const { stdout } = await run('docker-compose', ['version', '--short']);
  const composeName = `docker-compose ${stdout.trim()}`;

  const order: Peer[] = ['ours', 'minimal', 'compose'];
  for (const peer of order) await peers[peer](0);
  const timings: Record<Peer, Timing[]> = { ours: [], minimal: [], compose: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Each takes every place in turn, so none always follows the same one.
    const turn = order.map((_, i) => order[(i + round) % order.length]!);
    for (const peer of turn) timings[peer].push(await peers[peer](round));
    const last = (peer: Peer) => timings[peer][timings[peer].length - 1]!;
    process.stderr.write(`round ${round}/${ROUNDS}: ours ${last('ours').up}/${last('ours').down} ms, minimal ${last('minimal').up.toFixed(0)}/${last('minimal').down.toFixed(0)} ms, compose ${last('compose').up.toFixed(0)}/${last('compose').down.toFixed(0)} ms (up/down)\n`);
  }

  const figures: Figure[] = [];
  const stat = (peer: Peer, key: 'up' | 'down', f: typeof median) => f(timings[peer].map((t) => t[key]));
  for (const [key, label] of [['up', 'launch→RUNNING'], ['down', 'kill→KILLED']] as const) {
    for (const [f, name] of [[median, 'median'], [max, 'max']] as const) {
      const ours = stat('ours', key, f);
      const minimal = stat('minimal', key, f);
      const compose = stat('compose', key, f);
      const vsMinimal = ratioOf(ours, minimal);
      const vsCompose = ratioOf(ours, compose);
      figures.push({
        benchmark: 'launch',
        figure: `${label} ${name}`,
        unit: 'ms',
        ours: ours === null ? null : round(ours),
        peerName: 'minimal dockerode',
        peer: minimal === null ? null : round(minimal),
        ratio: vsMinimal,
        target: '≤ 1.2x',
        ...(name === 'median' ? { met: vsMinimal !== null && vsMinimal <= 1.2 } : {}),
      });
      figures.push({
        benchmark: 'launch',
        figure: `${label} ${name}`,
        unit: 'ms',
        ours: ours === null ? null : round(ours),
        peerName: composeName,
        peer: compose === null ? null : round(compose),
        ratio: vsCompose,
        target: '≤ 0.5x',
        ...(name === 'median' ? { met: vsCompose !== null && vsCompose <= 0.5 } : {}),
      });
    }
  }
  const spawnToRunning = median(timings.ours.map((t) => t.spawnToRunning!));
  const composeUp = stat('compose', 'up', median);
  figures.push({
    benchmark: 'launch',
    figure: 'spawn→RUNNING median (with executor start)',
    unit: 'ms',
    ours: spawnToRunning === null ? null : round(spawnToRunning),
    peerName: composeName,
    peer: composeUp === null ? null : round(composeUp),
    ratio: ratioOf(spawnToRunning, composeUp),
    target: 'context',
    note: `${ROUNDS} rounds, ${BUILD === 'bundle' ? 'the bundle' : 'the plain build'}; docker-compose's times include starting Python, as a user typing it sees; ours start at LAUNCH, after the executor subscribed, so this line adds the executor's own start`,
  });
  const phases = timings.ours.map((t) => t.phases).filter((p): p is PodPhases => p !== null && p !== undefined);
  if (phases.length > 0) {
    const phase = (key: keyof PodPhases) => `${key} ${median(phases.map((p) => p[key]))} ms`;
    figures.push({
      benchmark: 'launch',
      figure: 'our phases, medians from the event log',
      unit: '',
      ours: 'see note',
      target: 'context',
      note: `launch: ${(['plan', 'network', 'firstService', 'joinedServices'] as const).map(phase).join(', ')}; kill: ${(['stopJoined', 'stopFirst', 'remove', 'removeNetwork'] as const).map(phase).join(', ')}`,
    });
  }
  report('launchKill', figures);
}

await runBenchmark(main);
