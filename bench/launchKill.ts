import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BENCH_PREFIX, onCleanUp, runBenchmark } from './support/benchEngine.js';
import { BenchPod, BUILD_NAMES, type ExecutorBuild } from './support/benchPod.js';
import { ratioOf, report, round, type Figure } from './support/figures.js';
import { minimalPodDown, minimalPodUp } from './support/minimalPod.js';
import { podPhases, type PodPhases } from './support/podPhases.js';
import { podComposeFile } from './support/podFile.js';
import { max, median } from './support/samples.js';

/**
 * Launch and kill of a 5-service pod, four ways in the same run, taking
 * turns: our executor (LAUNCH sent by the agent → TASK_RUNNING received;
 * KILL sent → TASK_KILLED received), Docker Compose v2 (`docker compose
 * up -d` / `down`, the Go one people run today, the main peer), the older
 * Python docker-compose 1.29, both as the commands' wall time, and a
 * minimal dockerode script making only the Docker calls the pod needs
 * (the calls' time).
 *
 * BENCH_ROUNDS (default 10) rounds after one warm-up round of each.
 */

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BUILD = (process.env.BENCH_EXECUTOR ?? 'snapshot') as ExecutorBuild;
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

/** `docker compose` (v2, the CLI plugin) or `docker-compose` (1.29): the command and the arguments before the project's. */
const COMPOSE_COMMANDS = { composeV2: ['docker', 'compose'], composeV1: ['docker-compose'] } as const;

function compose(which: keyof typeof COMPOSE_COMMANDS) {
  const [file, ...first] = COMPOSE_COMMANDS[which];
  return async (round: number): Promise<Timing> => {
    const project = [...first, '-p', `${BENCH_PREFIX}-${which.toLowerCase()}-${round}`, '-f', path.join(composeDir, 'docker-compose.yml')];
    const started = performance.now();
    await run(file!, [...project, 'up', '-d'], { cwd: composeDir });
    const up = performance.now() - started;
    const stopping = performance.now();
    await run(file!, [...project, 'down'], { cwd: composeDir });
    return { up, down: performance.now() - stopping };
  };
}

const peers = { ours, minimal, composeV2: compose('composeV2'), composeV1: compose('composeV1') } as const;
type Peer = keyof typeof peers;

async function composeVersion(which: keyof typeof COMPOSE_COMMANDS): Promise<string> {
  const [file, ...first] = COMPOSE_COMMANDS[which];
  const { stdout } = await run(file!, [...first, 'version', '--short']);
  return `${which === 'composeV2' ? 'Compose v2' : 'docker-compose'} ${stdout.trim().replace(/^v/, '')}`;
}

async function main(): Promise<void> {
  composeDir = await mkdtemp(path.join(tmpdir(), 'compose-executor-bench-compose-'));
  onCleanUp(() => rm(composeDir, { recursive: true, force: true }));
  await writeFile(path.join(composeDir, 'docker-compose.yml'), COMPOSE_FILE);
  const peerNames: Record<'minimal' | keyof typeof COMPOSE_COMMANDS, string> = {
    minimal: 'minimal dockerode',
    composeV2: await composeVersion('composeV2'),
    composeV1: await composeVersion('composeV1'),
  };

  const order: Peer[] = ['ours', 'minimal', 'composeV2', 'composeV1'];
  for (const peer of order) await peers[peer](0);
  const timings: Record<Peer, Timing[]> = { ours: [], minimal: [], composeV2: [], composeV1: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Each takes every place in turn, so none always follows the same one.
    const turn = order.map((_, i) => order[(i + round) % order.length]!);
    for (const peer of turn) timings[peer].push(await peers[peer](round));
    const last = (peer: Peer) => `${last0(peer).up.toFixed(0)}/${last0(peer).down.toFixed(0)}`;
    const last0 = (peer: Peer) => timings[peer][timings[peer].length - 1]!;
    process.stderr.write(`round ${round}/${ROUNDS} (up/down ms): ours ${last('ours')}, minimal ${last('minimal')}, compose v2 ${last('composeV2')}, docker-compose 1.29 ${last('composeV1')}; ours spawn→RUNNING ${last0('ours').spawnToRunning}\n`);
  }

  const figures: Figure[] = [];
  const stat = (peer: Peer, key: 'up' | 'down', f: typeof median) => f(timings[peer].map((t) => t[key]));
  // The targets of issue #19: the main peer is Compose v2; 1.29 stays as the older peer, for context.
  const targets: Record<'up' | 'down', Partial<Record<Exclude<Peer, 'ours'>, number>>> = {
    up: { minimal: 1.05, composeV2: 0.9 },
    down: { composeV2: 0.5 },
  };
  for (const [key, label] of [['up', 'launch→RUNNING'], ['down', 'kill→KILLED']] as const) {
    for (const [f, name] of [[median, 'median'], [max, 'max']] as const) {
      const ours = stat('ours', key, f);
      for (const peer of ['minimal', 'composeV2', 'composeV1'] as const) {
        const theirs = stat(peer, key, f);
        const ratio = ratioOf(ours, theirs);
        const limit = targets[key][peer];
        figures.push({
          benchmark: 'launch',
          figure: `${label} ${name}`,
          unit: 'ms',
          ours: ours === null ? null : round(ours),
          peerName: peerNames[peer],
          peer: theirs === null ? null : round(theirs),
          ratio,
          target: limit === undefined || name === 'max' ? 'context' : `≤ ${limit}x`,
          ...(limit !== undefined && name === 'median' ? { met: ratio !== null && ratio <= limit } : {}),
        });
      }
    }
  }
  const spawnToRunning = median(timings.ours.map((t) => t.spawnToRunning!));
  for (const peer of ['composeV2', 'composeV1'] as const) {
    const composeUp = stat(peer, 'up', median);
    const ratio = ratioOf(spawnToRunning, composeUp);
    figures.push({
      benchmark: 'launch',
      figure: 'spawn→RUNNING median (with executor start)',
      unit: 'ms',
      ours: spawnToRunning === null ? null : round(spawnToRunning),
      peerName: peerNames[peer],
      peer: composeUp === null ? null : round(composeUp),
      ratio,
      target: peer === 'composeV2' ? '≤ 1.0x' : 'context',
      ...(peer === 'composeV2' ? { met: ratio !== null && ratio <= 1.0 } : {}),
      ...(peer === 'composeV2'
        ? { note: `${ROUNDS} rounds, ${BUILD_NAMES[BUILD]}; Compose's times include starting the CLI, as a user typing it sees; ours start at LAUNCH, after the executor subscribed, so this line adds the executor's own start` }
        : {}),
    });
  }
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
