import Dockerode from 'dockerode';
import { readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import path from 'node:path';
import { LocalPod, type LocalPodOptions } from '../../src/agent/localPod.js';
import { parseEventLog, type ParsedLog } from '../../src/events/logReader.js';
import { formatDivergence } from '../../src/cli/timeline.js';
import { verifyLogFile } from '../../src/replay/verifier.js';

/** Built by scripts/docker-env.sh, which `npm test` runs first. */
export const TEST_IMAGE = process.env.COMPOSE_EXECUTOR_TEST_IMAGE ?? 'compose-executor/busybox:test';

// No connection kept alive (Node 20's default agent keeps them): one opened before a spec restarted the daemon would fail with EPIPE.
export const docker = new Dockerode({ agent: new Agent({ keepAlive: false }) } as Dockerode.DockerOptions);

/** Integration specs never skip: without an engine they fail and say how to get one. */
export async function requireDocker(): Promise<void> {
  try {
    await docker.ping();
    await docker.getImage(TEST_IMAGE).inspect();
  } catch (error) {
    throw new Error(`these specs need the Docker engine and ${TEST_IMAGE}: run scripts/docker-env.sh (${(error as Error).message})`);
  }
}

/** A compose file of long-running busybox services. */
export function composeFile(services: Record<string, Record<string, unknown>>): string {
  return JSON.stringify({ services: Object.fromEntries(Object.entries(services).map(([name, spec]) => [name, { image: TEST_IMAGE, ...spec }])) }, null, 2);
}

/** Runs until stopped; PID 1 ignores SIGTERM unless it traps it, so it does, to stop at once. */
export const LONG_RUNNING = { command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] };

export async function containersOf(taskId: string): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: JSON.stringify({ label: [`taskId=${taskId}`] }) });
}

export async function networksOf(taskId: string): Promise<Dockerode.NetworkInspectInfo[]> {
  return docker.listNetworks({ filters: JSON.stringify({ label: [`taskId=${taskId}`] }) });
}

/** Removes whatever a failed spec left behind, so one failure does not cascade. */
export async function removeLeftovers(taskId: string): Promise<void> {
  for (const container of await containersOf(taskId)) await docker.getContainer(container.Id).remove({ force: true }).catch(() => {});
  for (const network of await networksOf(taskId)) await docker.getNetwork(network.Id).remove().catch(() => {});
  const { Volumes } = await docker.listVolumes({ filters: JSON.stringify({ label: [`taskId=${taskId}`] }) });
  for (const volume of Volumes ?? []) await docker.getVolume(volume.Name).remove().catch(() => {});
}

export async function readLog(pod: LocalPod): Promise<ParsedLog> {
  const parsed = parseEventLog(await readFile(path.join(pod.sandbox, 'events.jsonl'), 'utf8'));
  if (!parsed.ok) throw new Error(`events.jsonl of ${pod.taskId} does not decode: ${parsed.message}`);
  return parsed.log;
}

/**
 * Replays an event log through the machines with the verifier `replay
 * --verify` runs; every command must be the one the executor issued.
 */
export async function verifyEventLog(file: string): Promise<void> {
  const verified = await verifyLogFile(file);
  if (!verified.ok) throw new Error(`replay of ${file}: ${verified.message}`);
  if (verified.divergence) throw new Error(`replay of ${file} diverges: ${formatDivergence(verified.divergence)}\n${JSON.stringify(verified.divergence)}`);
}

export async function verifyReplay(pod: LocalPod): Promise<void> {
  await verifyEventLog(path.join(pod.sandbox, 'events.jsonl'));
}

/** What the executor logged: its own log file, or stderr where it logs there. */
export async function executorLog(pod: LocalPod): Promise<string> {
  const read = (name: string) => readFile(path.join(pod.sandbox, name), 'utf8').catch(() => '');
  return (await read('executor.log')) + (await read('stderr'));
}

/** Pods started by a spec, stopped and cleaned after it whatever happened. */
export class PodsUnderTest {
  private readonly pods: LocalPod[] = [];
  /** The sandboxes LocalPod made; one a spec passed in is the spec's to remove. */
  private readonly madeSandboxes = new Set<string>();

  /** A pod started some other way (a framework's launch shape), cleaned up like the rest; its sandbox is the spec's. */
  track(pod: LocalPod): LocalPod {
    this.pods.push(pod);
    return pod;
  }

  async start(options: LocalPodOptions): Promise<LocalPod> {
    const pod = await LocalPod.start(options);
    this.pods.push(pod);
    if (options.sandbox === undefined) this.madeSandboxes.add(pod.sandbox);
    return pod;
  }

  /**
   * Stops and removes what each pod left, then checks its event log decodes
   * and replays to the same commands. A sandbox whose log does not replay is
   * kept, to be read.
   */
  async cleanUp(): Promise<void> {
    const pods = this.pods.splice(0);
    for (const pod of pods) {
      pod.executor.child.kill('SIGKILL');
      await pod.agent.stop().catch(() => {});
      await removeLeftovers(pod.taskId);
    }
    for (const pod of pods) {
      await verifyReplay(pod);
      if (this.madeSandboxes.delete(pod.sandbox)) await rm(pod.sandbox, { recursive: true, force: true });
    }
  }
}
