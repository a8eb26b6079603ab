import type { ExecutableActionObject, SnapshotFrom } from 'xstate';
import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { podSettingsOf, type CoreSettings } from '../events/settings.js';
import { executorMachine } from './executor.js';
import { decides, pastLogVersion } from './logVersions.js';
import { answerFrameworkMessage } from './frameworkMessages.js';
import { routeOf } from './inputRoutes.js';
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
      if (next.status !== 'done') return;
      if (decides(state.settings.logVersion, 'afterKillCommand')) commands.push({ type: 'plugin.after_kill', taskId, state: next.context.outcome?.state ?? 'TASK_FAILED' });
      stepExecutor({ type: 'pod.ended', taskId });
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

    switch (routeOf(input)) {
      case 'launch': {
        if (input.type !== 'mesos.launch') break;
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
          ...(pastLogVersion(state.settings.logVersion) !== undefined ? { logVersion: pastLogVersion(state.settings.logVersion) } : {}),
        });
        pods = { ...pods, [taskId]: pod };
        commands.push(...commandsOf(actions));
        break;
      }
      case 'pod':
      case 'podOrExecutor': {
        const taskId = 'taskId' in input ? input.taskId : undefined;
        if (taskId !== undefined) stepPod(taskId, input);
        else stepExecutor(input);
        break;
      }
      case 'frameworkMessage': {
        const answer = input.type === 'mesos.message' && executor.status === 'active' ? answerFrameworkMessage(input.data, pods) : undefined;
        if (answer) commands.push(answer);
        break;
      }
      case 'recorded':
        break;
      case 'executor':
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
