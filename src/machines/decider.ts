import type { ExecutableActionObject, SnapshotFrom } from 'xstate';
import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { podSettingsOf, type CoreSettings } from '../events/settings.js';
import { executorMachine } from './executor.js';
import { answerFrameworkMessage } from './frameworkMessages.js';
import { podMachine } from './pod.js';
import { transitionsOf } from './transitions.js';

/**
 * The executor's whole decision: one fold over the inputs of the executor
 * session and of one pod machine per task. Pure, so a recorded log replays
 * to the same commands.
 */

export type ExecutorSnapshot = SnapshotFrom<typeof executorMachine>;
export type PodSnapshot = SnapshotFrom<typeof podMachine>;

export interface CoreState {
  settings: CoreSettings;
  executor: ExecutorSnapshot;
  /** By task id, in launch order. */
  pods: Record<string, PodSnapshot>;
}

export interface Decision {
  state: CoreState;
  commands: Command[];
}


interface KillPods {
  gracePeriodMs?: number;
  reason: string;
}

/** The machines a core folds; a replay may swap in a changed copy to see what the change would have done. */
export interface CoreMachines {
  executor: typeof executorMachine;
  pod: typeof podMachine;
}

export interface Core {
  start(settings: CoreSettings): Decision;
  decide(state: CoreState, input: Input): Decision;
}

export function coreOf(machines: CoreMachines): Core {
  const executorSteps = transitionsOf(machines.executor);
  const podSteps = transitionsOf(machines.pod);
  const acceptsLaunches = (executor: ExecutorSnapshot) =>
    executor.status === 'active' && (executor.matches('subscribed') || executor.matches('recovering'));

  const start = (settings: CoreSettings): Decision => {
    const [executor, actions] = executorSteps.initial(settings);
    return { state: { settings, executor, pods: {} }, commands: commandsOf(actions) };
  };

  const decide = (state: CoreState, input: Input): Decision => {
    const commands: Command[] = [];
    let pods = state.pods;
    let executor = state.executor;

    const stepPod = (taskId: string, event: Input) => {
      const pod = pods[taskId];
      if (!pod || pod.status !== 'active') return;
      const [next, actions] = podSteps.next(pod, event);
      pods = { ...pods, [taskId]: next };
      commands.push(...commandsOf(actions));
      if (next.status === 'done') stepExecutor({ type: 'pod.ended', taskId });
    };

    const stepExecutor = (event: Input) => {
      if (executor.status !== 'active') return;
      const [next, actions] = executorSteps.next(executor, event);
      executor = next;
      commands.push(...commandsOf(actions));
      for (const action of actions) {
        if (action.type === 'killPods') {
          const params = action.params as KillPods;
          for (const taskId of Object.keys(pods)) {
            stepPod(taskId, { type: 'mesos.kill', taskId, ...(params.gracePeriodMs !== undefined ? { gracePeriodMs: params.gracePeriodMs } : {}) });
          }
        }
      }
    };

    switch (input.type) {
      case 'mesos.launch': {
        const taskId = input.task.taskId;
        // A taken id is refused without a status: the agent would apply it to the task already there (see ignoredInputs).
        if (pods[taskId] || !acceptsLaunches(executor)) break;
        stepExecutor(input);
        // The task's own labels, resolved at the edge and logged with the launch, win over the file's settings.
        const [pod, actions] = podSteps.initial({
          ...podSettingsOf({ ...state.settings, ...input.settings }),
          task: input.task,
          taskKillingState: executor.context.frameworkCapabilities.includes('TASK_KILLING_STATE'),
          ...(input.refusedLabel !== undefined ? { refusedLabel: input.refusedLabel } : {}),
        });
        pods = { ...pods, [taskId]: pod };
        commands.push(...commandsOf(actions));
        break;
      }
      case 'mesos.kill':
      case 'pod.planned':
      case 'pod.plan_failed':
      case 'image.ready':
      case 'image.pull_failed':
      case 'image.progress':
      case 'image.build_failed':
      case 'image.build_progress':
      case 'plugin.failed':
      case 'network.created':
      case 'network.create_failed':
      case 'network.removed':
      case 'network.remove_failed':
      case 'volume.removed':
      case 'volume.remove_failed':
      case 'container.created':
      case 'container.create_failed':
      case 'container.started':
      case 'container.start_failed':
      case 'container.stopped':
      case 'container.removed':
      case 'container.remove_failed':
      case 'container.died':
      case 'container.oom':
      case 'container.running':
      case 'container.health':
      case 'check.passed':
      case 'check.failed':
        stepPod(input.taskId, input);
        break;
      case 'timer.fired':
        if (input.taskId !== undefined) stepPod(input.taskId, input);
        else stepExecutor(input);
        break;
      // What plugins added to an update is recorded for the reader; nothing is decided on it, so replay does not depend on plugins.
      case 'update.labelled':
        break;
      case 'mesos.message': {
        const answer = executor.status === 'active' ? answerFrameworkMessage(input.data, pods) : undefined;
        if (answer) commands.push(answer);
        break;
      }
      default:
        stepExecutor(input);
    }
    return { state: { ...state, executor, pods }, commands };
  };

  return { start, decide };
}

export const standardCore: Core = coreOf({ executor: executorMachine, pod: podMachine });

export function startCore(settings: CoreSettings): Decision {
  return standardCore.start(settings);
}

export function decide(state: CoreState, input: Input): Decision {
  return standardCore.decide(state, input);
}

function commandsOf(actions: readonly ExecutableActionObject[]): Command[] {
  return actions.filter((action) => action.type === 'command').map((action) => action.params as Command);
}
