import type Dockerode from 'dockerode';
import { open, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { OwnerJudge, readOwner } from '../adapters/ownerLiveness.js';
import { LABELS } from '../compose/labels.js';
import { readRecordLine } from '../events/logReader.js';

export interface ListedService {
  name: string;
  container: string;
  /** Docker's state: created, running, restarting, exited... */
  phase: string;
  health?: string;
  restarts: number;
  ports: Array<{ host: number; container: number; protocol: string }>;
}

export interface ListedPod {
  taskId: string;
  frameworkId?: string;
  executorId: string;
  executorPid?: number;
  /** False when the executor that made the containers has gone: `gc` removes them. */
  executorAlive: boolean;
  sandbox?: string;
  /** The last status update the executor sent, from its event log. */
  state?: string;
  message?: string;
  /** When the pod's first container was created. */
  startedAt: string;
  services: ListedService[];
}

/**
 * Every pod on this host that compose-executor runs, under Mesos or `up`:
 * its containers from Docker, by the labels every executor puts on them;
 * its executor's framework and sandbox from the executor process's
 * environment (the agent's MESOS_* variables); its state from the last
 * status update in the sandbox's event log.
 */
export async function listPods(docker: Dockerode, procRoot = '/proc'): Promise<ListedPod[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABELS.ownerPid, LABELS.taskId] }) });
  const byTask = new Map<string, Dockerode.ContainerInfo[]>();
  for (const container of containers) {
    const taskId = container.Labels[LABELS.taskId] ?? '';
    byTask.set(taskId, [...(byTask.get(taskId) ?? []), container]);
  }
  const judge = new OwnerJudge(procRoot);
  const ownNamespace = readOwner(procRoot).pidNamespace;
  const pods = await Promise.all([...byTask].map(([taskId, list]) => describePod(docker, taskId, list, procRoot, judge, ownNamespace)));
  return pods.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.taskId.localeCompare(b.taskId));
}

async function describePod(
  docker: Dockerode,
  taskId: string,
  containers: Dockerode.ContainerInfo[],
  procRoot: string,
  judge: OwnerJudge,
  ownNamespace: string,
): Promise<ListedPod> {
  const labels = containers[0]?.Labels ?? {};
  const pid = Number(labels[LABELS.ownerPid]);
  const alive = (await judge.judgeWithBeacon(labels)).state === 'alive';
  // Its pid names that process here only when it runs in our pid namespace (not under namespaces/pid).
  const visible = alive && labels[LABELS.ownerPidNamespace] === ownNamespace;
  const environment = visible ? await processEnvironment(pid, procRoot) : {};
  const sandbox = environment['MESOS_SANDBOX'] ?? environment['MESOS_DIRECTORY'] ?? (visible ? await readlink(`${procRoot}/${pid}/cwd`).catch(() => undefined) : undefined);
  const status = sandbox === undefined ? undefined : await lastStatus(path.join(sandbox, 'events.jsonl'), taskId);
  const services = await Promise.all(containers.map((container) => describeService(docker, container)));
  const created = Math.min(...containers.map((container) => container.Created));
  return {
    taskId,
    ...(environment['MESOS_FRAMEWORK_ID'] !== undefined ? { frameworkId: environment['MESOS_FRAMEWORK_ID'] } : {}),
    executorId: labels[LABELS.executorId] ?? '',
    ...(Number.isInteger(pid) ? { executorPid: pid } : {}),
    executorAlive: alive,
    ...(sandbox !== undefined ? { sandbox } : {}),
    ...(status?.state !== undefined ? { state: status.state } : {}),
    ...(status?.message !== undefined ? { message: status.message } : {}),
    startedAt: new Date(created * 1000).toISOString(),
    services: services.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

async function describeService(docker: Dockerode, container: Dockerode.ContainerInfo): Promise<ListedService> {
  const inspected = await docker.getContainer(container.Id).inspect().catch(() => undefined);
  const health = inspected?.State.Health?.Status;
  const seen = new Set<string>();
  const ports = container.Ports.filter((port) => port.PublicPort !== undefined)
    .map((port) => ({ host: port.PublicPort, container: port.PrivatePort, protocol: port.Type }))
    // Docker lists a port once for IPv4 and once for IPv6.
    .filter((port) => !seen.has(JSON.stringify(port)) && seen.add(JSON.stringify(port)) !== undefined);
  return {
    name: container.Labels[LABELS.service] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id,
    container: container.Id.slice(0, 12),
    phase: container.State,
    ...(health !== undefined && health !== '' ? { health } : {}),
    restarts: inspected?.RestartCount ?? 0,
    ports,
  };
}

/** The executor's environment as the agent gave it; empty when it cannot be read (another user's process). */
async function processEnvironment(pid: number, procRoot: string): Promise<Record<string, string>> {
  try {
    const text = await readFile(`${procRoot}/${pid}/environ`, 'utf8');
    return Object.fromEntries(text.split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  } catch {
    return {};
  }
}

const TAIL_BYTES = 64 * 1024;

/** The last status update the event log records for the task, read from the end: a day-long log is not read whole. */
export async function lastStatus(file: string, taskId: string): Promise<{ state: string; message?: string } | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    let end = size;
    let carried = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - TAIL_BYTES);
      const buffer = Buffer.alloc(end - start);
      await handle.read(buffer, 0, buffer.length, start);
      // Bytes, not text, are carried to the next read back: a character may straddle the two reads.
      const joined = Buffer.concat([buffer, carried]);
      const newline = joined.indexOf(10);
      if (start > 0 && newline < 0) {
        carried = joined;
        end = start;
        continue;
      }
      const cut = start > 0 ? newline + 1 : 0;
      carried = joined.subarray(0, cut);
      for (const line of joined.subarray(cut).toString('utf8').split('\n').reverse()) {
        const found = line.includes('"status.send"') ? statusOf(line, taskId) : undefined;
        if (found !== undefined) return found;
      }
      end = start;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

function statusOf(line: string, taskId: string): { state: string; message?: string } | undefined {
  // Not a record: the line being written as we read.
  const read = readRecordLine(line);
  if (!read.ok || read.value.kind !== 'command') return undefined;
  const { command } = read.value;
  if (command.type !== 'status.send' || command.taskId !== taskId) return undefined;
  return { state: command.state, ...(command.message ? { message: command.message } : {}) };
}
