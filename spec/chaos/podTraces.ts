import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { EXECUTOR_BIN, type LocalPod } from '../../src/agent/localPod.js';
import { containersOf, docker, networksOf, readLog } from '../integration/support.js';

const exec = promisify(execFile);

const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_GONE']);

/** What would show if the executor had touched a container: its id, whether it runs, when it last started. */
export async function containerFacts(taskId: string) {
  const facts = await Promise.all((await containersOf(taskId)).map((c) => docker.getContainer(c.Id).inspect()));
  return facts.map((c) => ({ id: c.Id, running: c.State.Running, startedAt: c.State.StartedAt })).sort((a, b) => a.id.localeCompare(b.id));
}

export async function volumesOf(taskId: string): Promise<Dockerode.VolumeInspectInfo[]> {
  const listed = await docker.listVolumes({ filters: JSON.stringify({ label: [`taskId=${taskId}`] }) });
  return listed.Volumes ?? [];
}

export async function removeVolumes(taskId: string): Promise<void> {
  for (const volume of await volumesOf(taskId)) await docker.getVolume(volume.Name).remove({ force: true }).catch(() => {});
}

/** Containers, networks and volumes of the task still in the engine. */
export async function leftCount(taskId: string): Promise<number> {
  const [containers, networks, volumes] = await Promise.all([containersOf(taskId), networksOf(taskId), volumesOf(taskId)]);
  return containers.length + networks.length + volumes.length;
}

/**
 * The executor's updates against the agent's: `lost` were queued by the
 * outbox (their uuid is in the log) but never reached the agent; a terminal
 * state received more than once without the agent flagging it a duplicate
 * counts in `duplicatedTerminal`.
 */
export async function updateLedger(pod: LocalPod) {
  const queued = (await readLog(pod)).records.flatMap((record) =>
    record.kind === 'input' && record.input.type === 'update.queued' && record.input.taskId === pod.taskId ? [record.input.uuid] : [],
  );
  const received = pod.agent.updates.filter((update) => update.taskId === pod.taskId);
  const reached = new Set(received.map((update) => update.uuid));
  const terminal = received.filter((update) => TERMINAL.has(update.state) && !update.duplicate);
  return {
    queued: queued.length,
    lost: queued.filter((uuid) => !reached.has(uuid)).length,
    duplicatedTerminal: Math.max(0, terminal.length - 1),
    resent: received.filter((update) => update.duplicate).length,
  };
}

/** An executor config file in the temporary directory, removed by `removeConfig`. */
export async function writeConfig(name: string, text: string): Promise<string> {
  const file = path.join(tmpdir(), `chaos-${name}-${process.pid}.yml`);
  await writeFile(file, text);
  return file;
}

export const removeConfig = (file: string) => rm(file, { force: true });

/** `compose-executor gc` as an operator runs it, under the given config. */
export async function collectGarbage(config: string): Promise<string> {
  const { stdout } = await exec(process.execPath, [EXECUTOR_BIN, 'gc'], { env: { ...process.env, COMPOSE_EXECUTOR_CONFIG: config } });
  return stdout;
}
