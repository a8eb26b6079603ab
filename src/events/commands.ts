import * as t from 'io-ts';
import { BuildPlan } from '../compose/buildPlan.js';
import { HookPlan, ServicePlan, SubnetPlan } from '../compose/podPlan.js';
import { LaunchedTask } from './inputs.js';
import { variant } from './codec.js';
import { CheckKind, CheckStatus, CheckTarget } from './frameworkChecks.js';

/** What the machines want done; adapters carry each out and answer with an input. */

export const TaskState = t.keyof({
  TASK_STARTING: null,
  TASK_RUNNING: null,
  TASK_KILLING: null,
  TASK_FINISHED: null,
  TASK_FAILED: null,
  TASK_KILLED: null,
  TASK_ERROR: null,
});
export type TaskState = t.TypeOf<typeof TaskState>;

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR']);

export const HookStage = t.keyof({ post_start: null, pre_stop: null });
export type HookStage = t.TypeOf<typeof HookStage>;

export const Command = t.union([
  variant('agent.subscribe', {
    unacknowledgedTasks: t.array(t.UnknownRecord),
    unacknowledgedUpdates: t.array(t.string),
  }),
  variant('agent.message', { data: t.string }),
  /** The agent acknowledged this update: it is neither resent nor offered on the next SUBSCRIBE. */
  variant('status.forget', { uuid: t.string }),
  variant(
    'status.send',
    { taskId: t.string, state: TaskState },
    {
      message: t.string,
      reason: t.string,
      healthy: t.boolean,
      labels: t.record(t.string, t.string),
      ipAddresses: t.array(t.string),
      checkStatus: CheckStatus,
    },
  ),
  /** The pod's machine has ended in `state`: the plugins' afterKill hooks run. */
  variant('plugin.after_kill', { taskId: t.string, state: TaskState }),
  // `exactHostPorts` from the config file or a task label; `refusedLabel`: a task label refused at ingress, which fails the plan.
  variant('pod.plan', { taskId: t.string, task: LaunchedTask }, { exactHostPorts: t.boolean, refusedLabel: t.string }),
  variant('image.pull', { taskId: t.string, image: t.string, policy: t.keyof({ always: null, missing: null, never: null, refresh: null }) }, { platform: t.string, refreshAfterMs: t.number }),
  variant('image.build', { taskId: t.string, image: t.string, build: BuildPlan }),
  variant(
    'network.create',
    { taskId: t.string, name: t.string, labels: t.record(t.string, t.string) },
    {
      driver: t.string,
      driverOptions: t.record(t.string, t.string),
      internal: t.boolean,
      subnets: t.array(SubnetPlan),
      ipamDriver: t.string,
      ipamOptions: t.record(t.string, t.string),
      enableIpv6: t.boolean,
    },
  ),
  variant(
    'container.create',
    { taskId: t.string, service: ServicePlan },
    { network: t.string, joinContainerId: t.string, containerIds: t.record(t.string, t.string) },
  ),
  variant('container.start', { taskId: t.string, service: t.string, containerId: t.string }),
  // One `post_start` or `pre_stop` hook of `service`, the `index`th of its stage, run in its container through exec.
  variant('container.exec_hook', { taskId: t.string, service: t.string, containerId: t.string, stage: HookStage, index: t.number, hook: HookPlan }, { tty: t.boolean }),
  variant('container.stop', { taskId: t.string, service: t.string, containerId: t.string, graceSeconds: t.number }),
  variant('container.remove', { taskId: t.string, service: t.string, containerId: t.string }),
  variant('network.remove', { taskId: t.string, name: t.string, networkId: t.string }),
  variant('volume.remove', { taskId: t.string, name: t.string }),
  variant('check.run', { taskId: t.string, check: CheckKind, target: CheckTarget, timeoutMs: t.number }),
  variant('timer.start', { name: t.string, ms: t.number }, { taskId: t.string }),
  variant('timer.cancel', { name: t.string }),
  variant('executor.exit', { code: t.number, reason: t.string }),
]);
export type Command = t.TypeOf<typeof Command>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
