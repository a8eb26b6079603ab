import { describe as describeCommand } from '../../src/cli/timeline.js';
import { TERMINAL_STATES, type Command, type TaskState } from '../../src/events/commands.js';
import type { Input, LaunchedTask } from '../../src/events/inputs.js';
import type { PodPlan } from '../../src/compose/podPlan.js';
import { decide, startCore, type CoreState } from '../../src/machines/decider.js';
import type { CoreSettings } from '../../src/events/settings.js';
import { settings as recordedSettings } from '../events/recordedRun.js';
import { launch, subscribed } from './scenario.js';
import { takenTransitions, type TakenTransition } from '../../src/diagrams/takenTransitions.js';
import { podShutdownGraceMs } from '../../src/machines/executor.js';
import { podMachine } from '../../src/machines/pod.js';

/**
 * A model of everything around one pod, for exploring the core: the
 * requests the adapters still owe an answer to, the timers running, and a
 * monitor that notes every broken invariant on the way. Each answer may
 * succeed or fail and comes in any order; Docker and Mesos may speak at any
 * point. A state knows the shortest inputs that reached it, for reports.
 */

export interface ModelState {
  core: CoreState;
  /** Commands an adapter has yet to answer. */
  owed: Command[];
  /** Started and neither fired nor cancelled. */
  timers: string[];
  /** Terminal updates sent, by task. */
  terminal: Record<string, TaskState[]>;
  /** Tasks told to die by a KILL or a SHUTDOWN. */
  killed: string[];
  violations: string[];
  inputs: Input[];
  /** The pod machine's transitions the last input made it take, for coverage. */
  taken: TakenTransition[];
}

export const TASK = 't1';

/** `task` adds to the launched task, e.g. the framework's health check. */
export function initialModel(plan: PodPlan, overrides: Partial<CoreSettings> = {}, task: Partial<LaunchedTask> = {}): ModelState {
  const started = startCore({ ...recordedSettings, unhealthy: { policy: 'fail', graceMs: 1000 }, ...overrides });
  const state: ModelState = { core: started.state, owed: [], timers: [], terminal: {}, killed: [], violations: [], inputs: [], taken: [] };
  const launchInput = launch(TASK);
  const launched = applyInput(
    applyInput(state, subscribed(['TASK_KILLING_STATE'])),
    launchInput.type === 'mesos.launch' ? { ...launchInput, task: { ...launchInput.task, ...task } } : launchInput,
  );
  return { ...launched, inputs: [], taken: [{ source: '', target: 'planning', event: null }] };
}

/** Feeds one input to the real core, then lets the deterministic adapters (status updates) answer at once. */
export function applyInput(state: ModelState, input: Input): ModelState {
  const next: ModelState = { ...state, taken: [], owed: withoutAnswered(state.owed, input), timers: state.timers.filter((name) => !(input.type === 'timer.fired' && input.name === name)), inputs: [...state.inputs, input], violations: [...state.violations] };
  if (input.type === 'mesos.kill' || input.type === 'mesos.shutdown') next.killed = [...new Set([...state.killed, TASK])];
  const queue: Input[] = [input];
  const issued: Command[] = [];
  while (queue.length > 0) {
    const fed = queue.shift()!;
    const before = next.core.pods[TASK];
    const decision = decide(next.core, fed);
    next.core = decision.state;
    const after = next.core.pods[TASK];
    if (before && after !== before) {
      // Mirrors the core's routing: the pod gets its own inputs, or the KILL of a SHUTDOWN.
      const event: Input = 'taskId' in fed && fed.taskId === TASK ? fed : { type: 'mesos.kill', taskId: TASK, gracePeriodMs: podShutdownGraceMs(next.core.settings.shutdownGraceMs) };
      next.taken.push(...takenTransitions(podMachine, before, event).taken);
    }
    for (const command of decision.commands) {
      issued.push(command);
      watch(next, command);
      if (command.type === 'status.send') queue.push({ type: 'update.queued', taskId: command.taskId, uuid: `u${issued.length}-${next.inputs.length}`, state: command.state });
    }
  }
  return next;
}

/** The monitor: checks one command against what was sent before it, and keeps the books it needs. */
function watch(state: ModelState, command: Command): void {
  const taskId = 'taskId' in command ? command.taskId : undefined;
  const ended = taskId !== undefined ? state.terminal[taskId] ?? [] : [];
  // Cleanup may follow an early TASK_FAILED; another update or a new container may not.
  if (ended.length > 0 && (command.type === 'status.send' || command.type === 'container.create' || command.type === 'container.start')) {
    state.violations.push(`${describeCommand(command)} after the terminal update ${ended.join(', ')}`);
  }
  if (ended.includes('TASK_KILLED') && command.type.startsWith('container.')) state.violations.push(`${describeCommand(command)} after TASK_KILLED`);
  if (taskId && state.killed.includes(taskId) && (command.type === 'container.create' || command.type === 'container.start')) {
    state.violations.push(`${describeCommand(command)} after the task was killed`);
  }
  if (command.type === 'status.send' && TERMINAL_STATES.has(command.state)) state.terminal = { ...state.terminal, [command.taskId]: [...(state.terminal[command.taskId] ?? []), command.state] };
  if (command.type === 'timer.start') state.timers = [...state.timers.filter((name) => name !== command.name), command.name];
  if (command.type === 'timer.cancel') state.timers = state.timers.filter((name) => name !== command.name);
  if (ANSWERED_BY[command.type]) state.owed = [...state.owed, command];
}

/** The adapter inputs that can answer a command: success first. */
export function answersTo(command: Command, plan: PodPlan): Input[] {
  const failure = { message: 'refused' };
  switch (command.type) {
    case 'pod.plan':
      return [{ type: 'pod.planned', taskId: command.taskId, plan }, { type: 'pod.plan_failed', taskId: command.taskId, ...failure }];
    case 'image.pull':
      return [{ type: 'image.ready', taskId: command.taskId, image: command.image, pulled: true }, { type: 'image.pull_failed', taskId: command.taskId, image: command.image, ...failure }];
    case 'image.build':
      return [{ type: 'image.ready', taskId: command.taskId, image: command.image, pulled: false, built: true }, { type: 'image.build_failed', taskId: command.taskId, image: command.image, ...failure }];
    case 'network.create':
      return [{ type: 'network.created', taskId: command.taskId, name: command.name, networkId: `n-${command.name}` }, { type: 'network.create_failed', taskId: command.taskId, name: command.name, ...failure }];
    case 'container.create': {
      const service = command.service.name;
      return [{ type: 'container.created', taskId: command.taskId, service, containerId: `c-${service}` }, { type: 'container.create_failed', taskId: command.taskId, service, ...failure }];
    }
    case 'container.start':
      return [{ type: 'container.started', taskId: command.taskId, service: command.service }, { type: 'container.start_failed', taskId: command.taskId, service: command.service, ...failure }];
    case 'container.exec_hook': {
      const hook = { taskId: command.taskId, service: command.service, stage: command.stage, index: command.index };
      return [{ type: 'container.hook_done', ...hook }, { type: 'container.hook_failed', ...hook, exitCode: 1, ...failure }];
    }
    case 'container.stop':
      return [{ type: 'container.stopped', taskId: command.taskId, service: command.service }];
    case 'container.remove':
      return [{ type: 'container.removed', taskId: command.taskId, service: command.service }, { type: 'container.remove_failed', taskId: command.taskId, service: command.service, ...failure }];
    case 'network.remove':
      return [{ type: 'network.removed', taskId: command.taskId, name: command.name }, { type: 'network.remove_failed', taskId: command.taskId, name: command.name, ...failure }];
    case 'volume.remove':
      return [{ type: 'volume.removed', taskId: command.taskId, name: command.name }, { type: 'volume.remove_failed', taskId: command.taskId, name: command.name, ...failure }];
    case 'check.run':
      return [
        { type: 'check.passed', taskId: command.taskId, check: command.check, status: { type: command.target.type } },
        { type: 'check.failed', taskId: command.taskId, check: command.check, ...failure },
      ];
    default:
      return [];
  }
}

const ANSWERED_BY: Partial<Record<Command['type'], Array<Input['type']>>> = {
  'pod.plan': ['pod.planned', 'pod.plan_failed'],
  'image.pull': ['image.ready', 'image.pull_failed'],
  'image.build': ['image.ready', 'image.build_failed'],
  'network.create': ['network.created', 'network.create_failed'],
  'container.create': ['container.created', 'container.create_failed'],
  'container.start': ['container.started', 'container.start_failed'],
  'container.exec_hook': ['container.hook_done', 'container.hook_failed'],
  'container.stop': ['container.stopped'],
  'container.remove': ['container.removed', 'container.remove_failed'],
  'network.remove': ['network.removed', 'network.remove_failed'],
  'volume.remove': ['volume.removed', 'volume.remove_failed'],
  'check.run': ['check.passed', 'check.failed'],
};

function withoutAnswered(owed: Command[], input: Input): Command[] {
  const index = owed.findIndex((command) => ANSWERED_BY[command.type]?.includes(input.type) && sameSubject(command, input));
  return index < 0 ? owed : [...owed.slice(0, index), ...owed.slice(index + 1)];
}

function sameSubject(command: Command, input: Input): boolean {
  const subject = (fact: object) => {
    const record = fact as { service?: unknown; name?: unknown; image?: unknown; check?: unknown };
    const service = typeof record.service === 'object' && record.service !== null ? (record.service as { name: string }).name : record.service;
    return JSON.stringify([service, record.name, record.image, record.check]);
  };
  return subject(command) === subject(input);
}

/** What may happen next: an owed answer, any running timer firing, Docker news of a live container, a KILL or a SHUTDOWN. */
export function possibleInputs(state: ModelState, plan: PodPlan): Input[] {
  const pod = state.core.pods[TASK];
  if (!pod || pod.status !== 'active') return [];
  // The oldest and the newest owed answers: enough orders to meet every case, few enough to explore.
  const answerable = state.owed.length > 1 ? [state.owed[0]!, state.owed[state.owed.length - 1]!] : state.owed;
  const inputs: Input[] = answerable.flatMap((command) => answersTo(command, plan));
  for (const name of state.timers) inputs.push(timerFired(name));
  for (const [service, phase] of Object.entries(pod.context.services)) {
    if (!phase.containerId || !['starting', 'running', 'restarting', 'stopping'].includes(phase.phase)) continue;
    const container = { taskId: TASK, service, containerId: phase.containerId };
    inputs.push({ type: 'container.died', ...container, exitCode: 0 }, { type: 'container.died', ...container, exitCode: 1, ...(phase.phase === 'restarting' ? { reconciled: true } : {}) });
    if (phase.phase === 'restarting' || phase.phase === 'stopping') inputs.push({ type: 'container.running', ...container });
    if (phase.phase === 'running') inputs.push({ type: 'container.oom', ...container });
    if (phase.phase === 'running' && plan.services.find((candidate) => candidate.name === service)?.healthcheck) {
      inputs.push({ type: 'container.health', ...container, status: phase.health === 'healthy' ? 'unhealthy' : 'healthy' });
    }
  }
  if (pod.value === 'launching' || pod.value === 'running') {
    inputs.push({ type: 'plugin.failed', taskId: TASK, plugin: 'example', hook: 'afterRunning', message: 'plugin example failed after running: boom' });
  }
  if (!state.killed.includes(TASK)) inputs.push({ type: 'mesos.kill', taskId: TASK }, { type: 'mesos.shutdown' });
  else if (pod.value === 'stopping') inputs.push({ type: 'mesos.kill', taskId: TASK, gracePeriodMs: 0 });
  return inputs;
}

/** Ends the inputs with `last`, then lets every adapter answer with success, and timers fire only when nothing else is owed. */
export function drain(state: ModelState, last: Input, plan: PodPlan): ModelState {
  let current = applyInput(state, last);
  for (let round = 0; round < 200 && current.core.pods[TASK]?.status === 'active'; round++) {
    const owed = current.owed[0];
    const answer = owed ? answersTo(owed, plan)[0] : undefined;
    if (answer) current = applyInput(current, answer);
    else if (current.timers.length > 0) current = applyInput(current, timerFired(current.timers[0]!));
    else break;
  }
  return current;
}

function timerFired(name: string): Input {
  return { type: 'timer.fired', name, ...(name.startsWith(`${TASK}/`) ? { taskId: TASK } : {}) };
}

/** What makes two model states the same for exploring: the core's machines and the books, not how they were reached. */
export function modelKey(state: ModelState): string {
  const pod = state.core.pods[TASK];
  const { plan: _plan, task: _task, ...podContext } = (pod?.context ?? {}) as Record<string, unknown>;
  return JSON.stringify([pod?.value, podContext, state.core.executor.value, state.owed, state.timers, state.terminal, state.killed, state.violations.length > 0]);
}
