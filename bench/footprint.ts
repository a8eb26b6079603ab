import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedAgent } from '../src/agent/embeddedAgent.js';
import { spawnExecutor } from '../src/agent/executorProcess.js';
import { onCleanUp, runBenchmark } from './support/benchEngine.js';
import { BenchPod, executorCommand, type ExecutorBuild } from './support/benchPod.js';
import { ratioOf, report, round, type Figure } from './support/figures.js';
import { podComposeFile } from './support/podFile.js';
import { median } from './support/samples.js';
import { rssMb } from './support/processStats.js';
import { describeSmaps, smapsBreakdown, type SmapsBreakdown } from './support/memoryBreakdown.js';
import { describeV8, INSPECTABLE, v8Figures } from './support/v8Probe.js';

/**
 * The executor's footprint, plain build and bundle. Cold start: from
 * spawning the process to its SUBSCRIBE reaching the agent, median of
 * BENCH_COLD_ROUNDS (default 10), beside a bare `node -e 0` from spawn to
 * exit. RSS: with a 5-service pod running, after BENCH_FOOTPRINT_WAIT_S
 * seconds (60 in `npm run bench`, 10 alone), beside an idle bare node,
 * and where each form's RSS is (bench/support/memoryBreakdown.ts: node's
 * binary, malloc, V8's heap pages, other anonymous memory) and, for the
 * deployed form, V8's own account of its heap (bench/support/v8Probe.ts).
 */

const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 10);
const WAIT_S = Number(process.env.BENCH_FOOTPRINT_WAIT_S ?? 10);
const BUILDS: ExecutorBuild[] = ['build', 'bundle', 'snapshot'];
/** What the README tells operators to deploy (examples/marathon, examples/aurora). */
const DEPLOYED: ExecutorBuild = 'snapshot';

/** Spawn → SUBSCRIBE received. The agent has no task for it, so it answers SHUTDOWN and the executor exits. */
async function coldStart(build: ExecutorBuild): Promise<number> {
  const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-bench-cold-'));
  const agent = await EmbeddedAgent.start({ frameworkId: 'compose-executor-bench', executorId: 'executor-cold' });
  try {
    const subscribed = new Promise<number>((resolve) => {
      agent.on('call', (call: { type: string }) => {
        if (call.type === 'SUBSCRIBE') resolve(Date.now());
      });
    });
    const spawnedAt = Date.now();
    const executor = spawnExecutor({ agent, sandbox, command: executorCommand(build), shutdownGracePeriod: '2secs' });
    const at = await Promise.race([subscribed, sleep(10_000).then(() => null)]);
    if (at === null) {
      executor.child.kill('SIGKILL');
      throw new Error(`the ${build} executor did not subscribe within 10 s`);
    }
    await executor.exited;
    return at - spawnedAt;
  } finally {
    await agent.stop();
    await rm(sandbox, { recursive: true, force: true });
  }
}

async function bareNode(): Promise<number> {
  const started = Date.now();
  await new Promise<void>((resolve, reject) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', () => resolve()).once('error', reject));
  return Date.now() - started;
}

/** Resident memory of a process and its descendants, in MB. */
function treeRssMb(pid: number): number | null {
  const own = rssMb(pid);
  if (own === null) return null;
  let total = own;
  for (const child of childrenOf(pid)) total += treeRssMb(child) ?? 0;
  return total;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** The deployed form's RSS above the idle node's, by what holds it (the README states it). */
function aboveIdle(ours: SmapsBreakdown, idle: SmapsBreakdown): string {
  const above = (key: keyof SmapsBreakdown) => `${ours[key] - idle[key] >= 0 ? '+' : ''}${round(ours[key] - idle[key])}`;
  return `above an idle node: V8 heap pages ${above('v8Pages')} MB, other anonymous (the snapshot's data, stacks) ${above('otherAnonymous')}, malloc ${above('mallocHeap')}, node binary ${above('nodeBinary')}, libraries ${above('libraries')}`;
}

async function main(): Promise<void> {
  const cold: Record<ExecutorBuild | 'node', number[]> = { build: [], bundle: [], snapshot: [], node: [] };
  for (const build of BUILDS) await coldStart(build);
  for (let i = 0; i < COLD_ROUNDS; i++) {
    for (const build of BUILDS) cold[build].push(await coldStart(build));
    cold.node.push(await bareNode());
  }
  process.stderr.write(`cold start: ${BUILDS.map((build) => `${build} ${cold[build].join(' ')}`).join('; ')}; node -e 0 ${cold.node.join(' ')} ms\n`);

  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  onCleanUp(() => {
    idle.kill('SIGKILL');
  });
  const composeFile = podComposeFile(5);
  const pods = await Promise.all(BUILDS.map((build) => BenchPod.start({ composeFile, build, name: `footprint-${build}`, ...(build === DEPLOYED ? { env: INSPECTABLE } : {}) })));
  await Promise.all(pods.map((pod) => pod.running()));
  process.stderr.write(`pods running; waiting ${WAIT_S} s\n`);
  await sleep(WAIT_S * 1000);
  const rss = pods.map((pod) => treeRssMb(pod.pid));
  const idleRss = rssMb(idle.pid!);
  const idleMaps = smapsBreakdown(idle.pid!);
  const breakdown: string[] = [];
  const deployedMaps = smapsBreakdown(pods[BUILDS.indexOf(DEPLOYED)]!.pid);
  if (idleMaps) breakdown.push(describeSmaps('idle bare node', idleMaps));
  pods.forEach((pod, i) => {
    const maps = smapsBreakdown(pod.pid);
    if (maps) breakdown.push(describeSmaps(BUILDS[i]!, maps, idleMaps ?? undefined));
  });
  // Last: opening the inspector costs memory of its own.
  const deployed = pods[BUILDS.indexOf(DEPLOYED)]!;
  const v8 = await v8Figures(deployed.pid, deployed.sandbox).catch((error: Error) => {
    process.stderr.write(`V8 figures of the ${DEPLOYED} executor: ${error.message}\n`);
    return null;
  });
  if (v8) breakdown.push(`${DEPLOYED}, as V8 counts it:\n${describeV8(v8)}`);
  process.stderr.write(`where the RSS is, MB (in parentheses: above the idle node):\n${breakdown.join('\n')}\n`);
  for (const pod of pods) pod.kill();
  await Promise.all(pods.map((pod) => pod.finished()));

  const figures: Figure[] = [];
  const deployedRss = rss[BUILDS.indexOf(DEPLOYED)] ?? null;
  BUILDS.forEach((build, i) => {
    const ours = rss[i] ?? null;
    // Issue #19: ≤ 45 MB for the deployed form, and the other forms within 10 MB of it.
    const limit = build === DEPLOYED ? 45 : deployedRss === null ? null : deployedRss + 10;
    figures.push({
      benchmark: 'footprint',
      figure: `RSS, pod running ${WAIT_S} s (${build})`,
      unit: 'MB',
      ours: ours === null ? null : round(ours),
      peerName: 'idle bare node',
      peer: idleRss === null ? null : round(idleRss),
      ratio: ratioOf(ours, idleRss),
      target: build === DEPLOYED ? '≤ 45 MB' : `≤ deployed + 10 MB`,
      met: ours !== null && limit !== null && ours <= limit,
      ...(build === DEPLOYED && deployedMaps && idleMaps ? { note: aboveIdle(deployedMaps, idleMaps) } : {}),
    });
  });
  const nodeStart = median(cold.node);
  for (const build of BUILDS) {
    const ours = median(cold[build]);
    figures.push({
      benchmark: 'footprint',
      figure: `cold start spawn→SUBSCRIBE median (${build})`,
      unit: 'ms',
      ours,
      peerName: 'node -e 0',
      peer: nodeStart,
      ratio: ratioOf(ours, nodeStart),
      target: '≤ 150 ms',
      met: ours !== null && ours <= 150,
      ...(build === 'build' ? { note: `${COLD_ROUNDS} rounds each, taking turns; bare node is timed from spawn to exit` } : {}),
    });
  }
  report('footprint', figures);
}

await runBenchmark(main);
