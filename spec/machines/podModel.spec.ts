import { adjacencyMapToArray, getAdjacencyMap } from '@xstate/graph';
import { expect } from 'chai';
import { fromTransition } from 'xstate';
import type { PodPlan } from '../../src/compose/podPlan.js';
import { describe as describeInput } from '../../src/cli/timeline.js';
import { machineChart } from '../../src/diagrams/machineChart.js';
import type { TakenTransition } from '../../src/diagrams/takenTransitions.js';
import type { Input, LaunchedTask } from '../../src/events/inputs.js';
import { podMachine } from '../../src/machines/pod.js';
import { applyInput, drain, initialModel, modelKey, possibleInputs, TASK, type ModelState } from './podModel.js';
import { plan, service } from './scenario.js';

/**
 * Model-based tests of the pod machine through the real core: @xstate/graph
 * explores every state the model can reach (adapters answering in any
 * order, with success or failure; Docker and Mesos speaking at any point),
 * and on every transition of that graph a monitor checks the invariants.
 * Every state reached is then ended with a KILL, and with a SHUTDOWN, with
 * the adapters answering, and must end its task.
 */

const MAX_INPUTS = 8;

const pods: Array<{ name: string; plan: PodPlan; task?: Partial<LaunchedTask> }> = [
  {
    name: 'a built service with a healthcheck, a restart policy and a volume',
    plan: {
      ...plan([
        service('web', {
          healthcheck: { test: ['CMD', 'true'] },
          restart: { policy: 'on-failure', maxRetries: 1 },
          build: { context: '/sandbox', dockerfile: 'Dockerfile', tags: ['busybox'], labels: {}, policy: 'missing' },
        }),
      ]),
      volumes: [{ name: 't1_data', labels: {} }],
    },
  },
  { name: 'a service that depends on another', plan: plan([service('db'), service('web', { dependsOn: ['db'] })]) },
  {
    name: 'a service with post_start and pre_stop hooks',
    plan: plan([service('db', { postStart: [{ command: ['true'] }], preStop: [{ command: ['true'] }] })]),
  },
  {
    name: "a service with the framework's health check",
    plan: plan([service('web')]),
    task: { healthCheck: { probe: { type: 'COMMAND', command: { shell: true, value: 'true' } }, delayMs: 0, intervalMs: 1000, timeoutMs: 1000, consecutiveFailures: 1, gracePeriodMs: 0 } },
  },
];

interface Exploration {
  states: ModelState[];
  edges: Array<{ from: ModelState; input: Input; to: ModelState }>;
}

function explore(podPlan: PodPlan, task: Partial<LaunchedTask> = {}): Exploration {
  const logic = fromTransition((state: ModelState, input: Input) => applyInput(state, input), initialModel(podPlan, {}, task));
  const adjacency = getAdjacencyMap(logic, {
    events: (snapshot) => (snapshot.context.inputs.length >= MAX_INPUTS || snapshot.context.violations.length > 0 ? [] : possibleInputs(snapshot.context, podPlan)),
    serializeState: (snapshot) => modelKey(snapshot.context) as never,
  });
  return {
    states: Object.values(adjacency).map((entry) => entry.state.context),
    edges: adjacencyMapToArray(adjacency).map(({ state, event, nextState }) => ({ from: state.context, input: event, to: nextState.context })),
  };
}

const chart = machineChart('pod', podMachine);
const keyOf = (transition: Pick<TakenTransition, 'source' | 'target' | 'event' | 'guard'>) =>
  `${transition.source || '[*]'} -> ${transition.target ?? '(stays)'}: ${transition.event ?? ''}${transition.guard ? ` [${transition.guard}]` : ''}`;
const allTransitions = chart.transitions.map(keyOf);
const allStates = chart.root.children.map((state) => state.path);

const runs = pods.map(({ name, plan: podPlan, task }) => {
  const { states, edges } = explore(podPlan, task);
  const ends = states
    .filter((state) => state.core.pods[TASK]?.status === 'active')
    .flatMap((state) => [
      { state, last: { type: 'mesos.kill', taskId: TASK } as Input },
      ...(state.killed.includes(TASK) ? [] : [{ state, last: { type: 'mesos.shutdown' } as Input }]),
    ])
    .map(({ state, last }) => ({ from: state, last, end: drain(state, last, podPlan) }));
  return { name, states, edges, ends };
});

const covered = { states: new Set<string>(), transitions: new Set<string>() };
for (const run of runs) {
  for (const state of [...run.states, ...run.ends.map((end) => end.end)]) covered.states.add(String(state.core.pods[TASK]?.value));
  const taken = [...run.states, ...run.edges.map((edge) => edge.to), ...run.ends.map((end) => end.end)].flatMap((state) => state.taken);
  for (const transition of taken) {
    covered.transitions.add(keyOf(transition));
    // A state left within the same input, like reporting, is still reached.
    if (transition.target) covered.states.add(transition.target);
  }
}
const coverage = `${allStates.filter((state) => covered.states.has(state)).length}/${allStates.length} states, ${allTransitions.filter((key) => covered.transitions.has(key)).length}/${allTransitions.length} transitions`;

const sequence = (inputs: Input[]) => inputs.map((input) => `  ${describeInput(input)}`).join('\n');

describe(`pod machine, model-based (${coverage}; ${runs.map((run) => `${run.states.length} states, ${run.edges.length} steps`).join(' + ')})`, () => {
  it('reaches every state of the pod machine', () => {
    expect(allStates.filter((state) => !covered.states.has(state))).to.deep.equal([]);
  });

  it('takes every transition of the pod machine', () => {
    console.log(`      pod machine coverage: ${coverage}`);
    expect(allTransitions.filter((key) => !covered.transitions.has(key)), 'transitions never taken').to.deep.equal([]);
  });

  for (const run of runs) {
    describe(run.name, () => {
      it('sends at most one terminal update, nothing after it, and no container command after a KILL or TASK_KILLED', () => {
        const broken = [...run.edges.map((edge) => edge.to), ...run.ends.map((end) => end.end)].find((state) => state.violations.length > 0);
        expect(broken, broken && `${broken.violations.join('; ')} after:\n${sequence(broken.inputs)}`).to.equal(undefined);
      });

      it('ends every launched task with a terminal update once the inputs end with KILL or SHUTDOWN and the adapters answer', () => {
        const unended = run.ends.find(({ end }) => (end.terminal[TASK]?.length ?? 0) !== 1);
        expect(unended, unended && `task ended with ${JSON.stringify(unended.end.terminal[TASK] ?? [])} in ${JSON.stringify(unended.end.core.pods[TASK]?.value)} after:\n${sequence(unended.end.inputs)}`).to.equal(undefined);
      });

      it('leaves no timer of the pod running once its task ended', () => {
        const left = run.ends.find(({ end }) => end.timers.some((name) => name.startsWith(`${TASK}/`)));
        expect(left, left && `${left.end.timers.join(', ')} still running after:\n${sequence(left.end.inputs)}`).to.equal(undefined);
      });
    });
  }
});
