import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a launch and a kill spent their time, read from the executor's own
 * event log: the moments the inputs that mark each phase were logged.
 */
export interface PodPhases {
  /** LAUNCH received → plan ready. */
  plan: number;
  /** Plan ready → pod network created. */
  network: number;
  /** Network created → first service running (its Docker start event). */
  firstService: number;
  /** First service running → the last joined service running. */
  joinedServices: number;
  /** KILL received → every joined service dead. */
  stopJoined: number;
  /** → the first service dead. */
  stopFirst: number;
  /** → every container removed. */
  remove: number;
  /** → the network removed. */
  removeNetwork: number;
}

interface Logged {
  at: number;
  kind: string;
  type: string;
  service?: string;
}

/** When a launch's phases ended, as logged (ms since the epoch). */
export interface LaunchMoments {
  /** SUBSCRIBED received (the agent sends the queued LAUNCH right after it). */
  subscribed: number;
  /** LAUNCH logged: after the Docker side is open and `docker info` has told the cgroup driver (src/adapters/podCgroups.ts). */
  launch: number;
  planned: number;
  network: number;
  firstRunning: number;
  allRunning: number;
}

function inputsOf(sandbox: string): Logged[] {
  const records: Logged[] = readFileSync(path.join(sandbox, 'events.jsonl'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const record = JSON.parse(line) as { at: string; kind: string; type: string; payload: { service?: unknown } };
      return { at: Date.parse(record.at), kind: record.kind, type: record.type, ...(typeof record.payload.service === 'string' ? { service: record.payload.service } : {}) };
    });
  return records.filter((r) => r.kind === 'input');
}

const firstOf = (inputs: Logged[], type: string, where: (r: Logged) => boolean = () => true) => inputs.find((r) => r.type === type && where(r))?.at;
const lastOf = (inputs: Logged[], type: string, where: (r: Logged) => boolean = () => true) => inputs.filter((r) => r.type === type && where(r)).at(-1)?.at;

/** The launch's moments from the event log so far (the pod may still run); null until every service has run. */
export function launchMoments(sandbox: string): LaunchMoments | null {
  const inputs = inputsOf(sandbox);
  const subscribed = firstOf(inputs, 'mesos.subscribed');
  const launch = firstOf(inputs, 'mesos.launch');
  const planned = firstOf(inputs, 'pod.planned');
  const network = firstOf(inputs, 'network.created');
  const firstRunning = firstOf(inputs, 'container.running', (r) => r.service === 'first');
  const allRunning = lastOf(inputs, 'container.running');
  if (subscribed === undefined || launch === undefined || planned === undefined || network === undefined || firstRunning === undefined || allRunning === undefined) return null;
  return { subscribed, launch, planned, network, firstRunning, allRunning };
}

export function podPhases(sandbox: string): PodPhases | null {
  const inputs = inputsOf(sandbox);
  const first = (type: string, where?: (r: Logged) => boolean) => firstOf(inputs, type, where);
  const last = (type: string, where?: (r: Logged) => boolean) => lastOf(inputs, type, where);
  const launch = first('mesos.launch');
  const planned = first('pod.planned');
  const network = first('network.created');
  const firstRunning = first('container.running', (r) => r.service === 'first');
  const allRunning = last('container.running');
  const kill = first('mesos.kill');
  const joinedDead = last('container.died', (r) => r.service !== 'first');
  const firstDead = first('container.died', (r) => r.service === 'first');
  const removed = last('container.removed');
  const networkRemoved = first('network.removed');
  const times = [launch, planned, network, firstRunning, allRunning, kill, joinedDead, firstDead, removed, networkRemoved];
  if (times.some((t) => t === undefined)) return null;
  const [a, b, c, d, e, f, g, h, i, j] = times as number[];
  return {
    plan: b! - a!,
    network: c! - b!,
    firstService: d! - c!,
    joinedServices: e! - d!,
    stopJoined: g! - f!,
    stopFirst: h! - g!,
    remove: i! - h!,
    removeNetwork: j! - i!,
  };
}
