import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Subject } from 'rxjs';
import { planTask } from '../../src/adapters/podPlanner.js';
import { DEFAULT_CONFIG } from '../../src/config/executorConfig.js';
import type { PodPlan } from '../../src/compose/podPlan.js';
import type { Command } from '../../src/events/commands.js';
import { EventLogWriter } from '../../src/events/eventLog.js';
import { ExecutorLoop } from '../../src/runtime/executorLoop.js';
import type { Input } from '../../src/events/inputs.js';
import { encodeRecord, LOG_FORMAT, LOG_FORMAT_VERSION, type LogHeader, type LogRecord } from '../../src/events/logRecord.js';
import { startCore } from '../../src/machines/decider.js';
import type { CoreSettings } from '../../src/events/settings.js';
import type { TimedInput } from '../../src/streams/mergedInputs.js';
import { LONG_RUNNING_COMMAND, TEST_IMAGE } from './benchEngine.js';
import { podServiceNames } from './podFile.js';

/**
 * A long event log made by the real core: the executor loop folds a
 * scripted run (subscribe, launch, a 5-service pod with healthchecks coming
 * up) and then, until it has `inputs` inputs, the traffic of a pod that
 * runs for days: heartbeats from the agent, services turning unhealthy and
 * healthy again, each change a TASK_RUNNING update that the adapter queues
 * and the agent acknowledges. Adapters answer as the real ones would, so
 * the log verifies.
 */

const SETTINGS: CoreSettings = {
  checkpoint: false,
  shutdownGraceMs: 5000,
  recoveryTimeoutMs: 900_000,
  subscriptionBackoffMaxMs: 2000,
  acknowledgementWaitMs: 10_000,
  defaultKillGraceMs: 3000,
  launchTimeoutMs: 300_000,
  unhealthy: { policy: 'fail', graceMs: 600_000 },
  cleanup: DEFAULT_CONFIG.cleanup,
};

const TASK_ID = 'bench-replay';
const SERVICES = podServiceNames(5);

/** The log's writer, buffered: the executor's own writes each record through to disk, which here would only time the disk. */
class BufferedLogWriter extends EventLogWriter {
  private readonly bufferedFd: number;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(file: string, header: LogHeader) {
    super(file, header);
    this.bufferedFd = openSync(file, 'a');
  }

  override append(record: LogRecord): void {
    const line = encodeRecord(record) + '\n';
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes > 1 << 20) this.flush();
  }

  override close(): void {
    this.flush();
    closeSync(this.bufferedFd);
    super.close();
  }

  private flush(): void {
    writeSync(this.bufferedFd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

async function planOfPod(): Promise<PodPlan> {
  const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-bench-plan-'));
  try {
    const healthcheck = { test: ['CMD-SHELL', 'test -f /tmp/ready'], interval: '5s', timeout: '1s', retries: 3 };
    const [first, ...joined] = SERVICES;
    const services: Record<string, unknown> = { [first!]: { image: TEST_IMAGE, command: LONG_RUNNING_COMMAND, healthcheck } };
    for (const name of joined) services[name] = { image: TEST_IMAGE, command: LONG_RUNNING_COMMAND, network_mode: `service:${first}`, healthcheck };
    await writeFile(path.join(sandbox, 'docker-compose.yml'), JSON.stringify({ services }));
    const planned = await planTask(
      { type: 'pod.plan', taskId: TASK_ID, task: { taskId: TASK_ID, name: TASK_ID, labels: { fileName: 'docker-compose.yml' }, ports: [[31000, 31099]] } },
      { sandbox, executorId: `executor-${TASK_ID}`, frameworkId: 'compose-executor-bench', environment: {} },
    );
    if (planned.type !== 'pod.planned') throw new Error(`the synthetic pod does not plan: ${JSON.stringify(planned)}`);
    return planned.plan;
  } finally {
    await rm(sandbox, { recursive: true, force: true });
  }
}

/** Writes a log of `inputs` inputs (and the commands they gave) to `file`. */
export async function writeSyntheticLog(file: string, inputs: number): Promise<{ inputs: number }> {
  const plan = await planOfPod();
  rmSync(file, { force: true });
  let tick = 0;
  const clock = () => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + 10 * tick++);
  const writer = new BufferedLogWriter(file, {
    format: LOG_FORMAT,
    version: LOG_FORMAT_VERSION,
    executorVersion: 'bench',
    startedAt: clock().toISOString(),
    config: { settings: SETTINGS, frameworkId: 'compose-executor-bench', executorId: `executor-${TASK_ID}`, cgroupParent: null },
  });
  const channel = new Subject<TimedInput>();
  const feed = (input: Input) => channel.next({ at: clock().toISOString(), input });
  let queuedUpdates: Array<{ taskId: string; uuid: string }> = [];
  const adapters = (command: Command): Input[] => {
    switch (command.type) {
      case 'pod.plan':
        return [{ type: 'pod.planned', taskId: command.taskId, plan }];
      case 'image.pull':
        return [{ type: 'image.ready', taskId: command.taskId, image: command.image, pulled: false }];
      case 'network.create':
        return [{ type: 'network.created', taskId: command.taskId, name: command.name, networkId: randomBytes(32).toString('hex') }];
      case 'container.create':
        return [{ type: 'container.created', taskId: command.taskId, service: command.service.name, containerId: containerId(command.service.name) }];
      case 'container.start':
        return [
          { type: 'container.started', taskId: command.taskId, service: command.service },
          { type: 'container.running', taskId: command.taskId, service: command.service, containerId: command.containerId },
          { type: 'container.health', taskId: command.taskId, service: command.service, containerId: command.containerId, status: 'healthy' },
        ];
      case 'status.send': {
        const uuid = randomBytes(16).toString('base64');
        queuedUpdates.push({ taskId: command.taskId, uuid });
        return [{ type: 'update.queued', taskId: command.taskId, uuid, state: command.state }];
      }
      default:
        return [];
    }
  };
  let fed = 0;
  const loop = new ExecutorLoop(startCore(SETTINGS), writer, (command) => adapters(command).forEach(feed), () => fed++, clock);
  loop.run(channel);
  const acknowledge = () => {
    const updates = queuedUpdates;
    queuedUpdates = [];
    for (const { taskId, uuid } of updates) feed({ type: 'mesos.acknowledged', taskId, uuid });
  };
  feed({ type: 'mesos.subscribed', frameworkCapabilities: ['TASK_KILLING_STATE'], agentId: 'bench-agent-S0', containerId: 'bench-container' });
  feed({ type: 'mesos.launch', task: { taskId: TASK_ID, name: TASK_ID, labels: { fileName: 'docker-compose.yml' }, ports: [[31000, 31099]] }, taskInfo: { task_id: { value: TASK_ID } } });
  acknowledge();
  if (!queuedUpdates.length && !JSON.stringify(loop.current.pods[TASK_ID]?.value).includes('running')) {
    throw new Error(`the synthetic pod did not come up: ${JSON.stringify(loop.current.pods[TASK_ID]?.value)}`);
  }
  for (let round = 0; fed < inputs; round++) {
    const service = SERVICES[round % SERVICES.length]!;
    const health = (status: 'healthy' | 'unhealthy'): Input => ({ type: 'container.health', taskId: TASK_ID, service, containerId: containerId(service), status });
    feed({ type: 'mesos.heartbeat' });
    feed(health('unhealthy'));
    acknowledge();
    feed(health('healthy'));
    acknowledge();
  }
  loop.stop();
  writer.close();
  return { inputs: fed };
}

function containerId(service: string): string {
  return createHash('sha256').update(service).digest('hex');
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the log depends on: the core and this generator; a change to either makes a new log. */
function sourceHash(): string {
  const hash = createHash('sha1');
  for (const dir of ['src/machines', 'src/events', 'src/compose']) {
    for (const name of readdirSync(path.join(ROOT, dir)).sort()) hash.update(name).update(readFileSync(path.join(ROOT, dir, name)));
  }
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

/** The log of `inputs` inputs, made once and kept in the temp directory until the core changes. */
export async function syntheticLog(inputs: number): Promise<string> {
  const dir = path.join(tmpdir(), 'compose-executor-bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `replay-${inputs}-${sourceHash()}.jsonl`);
  if (existsSync(file)) return file;
  // Logs of an older core are of no more use, and large.
  for (const stale of readdirSync(dir).filter((name) => name.startsWith(`replay-${inputs}-`))) rmSync(path.join(dir, stale), { force: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeSyntheticLog(partial, inputs);
  renameSync(partial, file);
  return file;
}
