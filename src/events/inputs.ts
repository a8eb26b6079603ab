import * as t from 'io-ts';
import { PodPlan } from '../compose/podPlan.js';
import { variant } from './codec.js';
import { CheckKind, CheckStatus, FrameworkCheck, FrameworkHealthCheck } from './frameworkChecks.js';
import { TaskSettings } from './settings.js';

/**
 * Every fact the executor acts on, from the agent, from Docker, from its own
 * adapters and from timers. Each is logged before the machines see it.
 */

/** The parts of a Mesos TaskInfo the executor decides with; the raw TaskInfo rides along for re-subscription. */
export const LaunchedTask = t.intersection([
  t.type({
    taskId: t.string,
    name: t.string,
    labels: t.record(t.string, t.string),
    /** Offered host port ranges, inclusive. */
    ports: t.array(t.tuple([t.number, t.number])),
  }),
  t.partial({
    killGracePeriodMs: t.number,
    /** Named ports from `discovery.ports` (Marathon's portDefinitions), for compose ports that ask by name. */
    discoveryPorts: t.array(t.intersection([t.type({ name: t.string, number: t.number }), t.partial({ protocol: t.string })])),
    /** Its ExecutorInfo has cpus and mem: the agent does not destroy the executor at its terminal update (see pod.ts). */
    executorResourced: t.boolean,
    /** The task's `gpus` scalar resource: the pod's containers get no more GPUs than these. */
    gpus: t.number,
    /** What the executor could not do for the pod on this host (its cgroup placement), told in TASK_STARTING. */
    hostNotice: t.string,
    /** TaskInfo.health_check and TaskInfo.check, Mesos's defaults applied. */
    healthCheck: FrameworkHealthCheck,
    check: FrameworkCheck,
    /** Why a health_check or check cannot be run as given; the planner refuses the task with it. */
    checkProblems: t.array(t.string),
  }),
]);
export type LaunchedTask = t.TypeOf<typeof LaunchedTask>;

const task = { taskId: t.string };
const service = { taskId: t.string, service: t.string };
const failure = { message: t.string };

export const Input = t.union([
  // From the agent.
  variant('mesos.subscribed', { frameworkCapabilities: t.array(t.string) }, { agentId: t.string, containerId: t.string }),
  // Read from the task's labels at ingress: `settings` what they change of the config file's, `refusedLabel` why one is refused.
  variant('mesos.launch', { task: LaunchedTask, taskInfo: t.UnknownRecord }, { settings: TaskSettings, refusedLabel: t.string }),
  variant('mesos.launch_group', { taskIds: t.array(t.string), taskInfos: t.array(t.UnknownRecord) }),
  variant('mesos.kill', task, { gracePeriodMs: t.number }),
  variant('mesos.acknowledged', { taskId: t.string, uuid: t.string }),
  variant('mesos.message', { data: t.string }),
  variant('mesos.error', failure),
  variant('mesos.shutdown', {}),
  variant('mesos.heartbeat', {}),
  variant('mesos.unknown', { eventType: t.string }),
  variant('mesos.malformed', failure),
  // The stream's source draws `jitter` in [0, 1) so the core's random backoff replays as recorded.
  variant('mesos.disconnected', failure, { jitter: t.number }),
  // From the status update adapter: the uuid it gave an update, so replay sees the same one.
  variant('update.queued', { taskId: t.string, uuid: t.string, state: t.string }),
  variant('update.refused', { taskId: t.string, uuid: t.string, message: t.string }),
  // Labels that plugins added to update `uuid` as it went out; the core never decides on them.
  variant('update.labelled', { taskId: t.string, uuid: t.string, labels: t.record(t.string, t.string) }),
  // From the plugin adapter: a plugin's hook threw or timed out.
  variant('plugin.failed', { taskId: t.string, plugin: t.string, hook: t.string, message: t.string }),
  // From the compose adapter.
  variant('pod.planned', { taskId: t.string, plan: PodPlan }),
  variant('pod.plan_failed', { taskId: t.string, message: t.string }),
  // From the Docker adapter.
  // `built`: the executor built it from the service's build context.
  variant('image.ready', { taskId: t.string, image: t.string, pulled: t.boolean }, { built: t.boolean }),
  variant('image.pull_failed', { taskId: t.string, image: t.string, message: t.string }),
  variant('image.progress', { taskId: t.string, image: t.string, layersDone: t.number, layers: t.number, bytesDone: t.number, bytesTotal: t.number }),
  variant('image.build_failed', { taskId: t.string, image: t.string, message: t.string }),
  // The builder reached a Dockerfile step: `instruction` as the builder shows it.
  variant('image.build_progress', { taskId: t.string, image: t.string, step: t.number, steps: t.number, instruction: t.string }),
  variant('network.created', { taskId: t.string, name: t.string, networkId: t.string }),
  variant('network.create_failed', { taskId: t.string, name: t.string, message: t.string }),
  variant('network.removed', { taskId: t.string, name: t.string }),
  variant('network.remove_failed', { taskId: t.string, name: t.string, message: t.string }),
  variant('volume.removed', { taskId: t.string, name: t.string }),
  variant('volume.remove_failed', { taskId: t.string, name: t.string, message: t.string }),
  variant('container.created', { ...service, containerId: t.string }),
  variant('container.create_failed', { ...service, message: t.string }),
  variant('container.started', service, { ipAddresses: t.array(t.string) }),
  variant('container.start_failed', { ...service, message: t.string }),
  variant('container.stopped', service),
  // A hook of `container.exec_hook` exited 0, or did not: `exitCode` when it ran, `message` what it or Docker said;
  // `tookMs`: how long the hook ran, as the adapter timed it, so the stop after a `pre_stop` gets what is left of the grace.
  variant('container.hook_done', { ...service, stage: t.keyof({ post_start: null, pre_stop: null }), index: t.number }, { tookMs: t.number }),
  variant('container.hook_failed', { ...service, stage: t.keyof({ post_start: null, pre_stop: null }), index: t.number, message: t.string }, { exitCode: t.number, tookMs: t.number }),
  variant('container.removed', service),
  // `processesLeft`: pids of the container still alive after the executor ended them itself, the engine being hung.
  variant('container.remove_failed', { ...service, message: t.string }, { processesLeft: t.array(t.number) }),
  // From Docker's event stream.
  variant('container.died', { ...service, containerId: t.string, exitCode: t.number }, { oomKilled: t.boolean, vanished: t.boolean, reconciled: t.boolean }),
  variant('container.running', { ...service, containerId: t.string }),
  variant('container.health', { ...service, containerId: t.string, status: t.keyof({ starting: null, healthy: null, unhealthy: null }) }),
  variant('container.oom', { ...service, containerId: t.string }),
  variant('docker.malformed', failure),
  variant('docker.disconnected', failure),
  variant('docker.reconnected', {}, { since: t.string }),
  // Derived by the core itself when a pod's machine ends, never read from outside: the executor waits for it.
  variant('pod.ended', { taskId: t.string }),
  // From the framework check adapter: one run of the task's health_check or check.
  variant('check.passed', { taskId: t.string, check: CheckKind, status: CheckStatus }),
  variant('check.failed', { taskId: t.string, check: CheckKind, message: t.string }, { status: CheckStatus }),
  // From the timer adapter.
  variant('timer.fired', { name: t.string }, { taskId: t.string }),
]);
export type Input = t.TypeOf<typeof Input>;
export type InputType = Input['type'];
export type InputOf<T extends InputType> = Extract<Input, { type: T }>;
