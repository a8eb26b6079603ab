import { expect } from 'chai';
import type * as t from 'io-ts';
import { Input } from '../../src/events/inputs.js';
import { executorMachine } from '../../src/machines/executor.js';
import { INPUT_ROUTES } from '../../src/machines/inputRoutes.js';
import { podMachine } from '../../src/machines/pod.js';
import { launch, plan, Scenario, service, subscribed } from './scenario.js';

type Variant = t.IntersectionType<[t.InterfaceType<t.Props>, t.PartialType<t.Props>]>;
const variants = (Input.types as unknown as Variant[]).map((codec) => ({
  type: (codec.types[0].props.type as t.LiteralType<string>).value,
  taskId: 'taskId' in codec.types[0].props ? 'required' : 'taskId' in codec.types[1].props ? 'optional' : 'none',
}));

describe('input routes', () => {
  it('routes every input the log may hold, and to a pod only one that names its task', () => {
    expect(Object.keys(INPUT_ROUTES).sort()).to.deep.equal(variants.map((variant) => variant.type).sort());
    for (const { type, taskId } of variants) {
      const route = INPUT_ROUTES[type as keyof typeof INPUT_ROUTES];
      if (route === 'pod') expect(taskId, type).to.equal('required');
      if (route === 'podOrExecutor') expect(taskId, type).to.equal('optional');
    }
  });

  it('routes an input to a machine only if some state of that machine handles it', () => {
    const handles = { executor: new Set<string>(executorMachine.root.events), pod: new Set<string>(podMachine.root.events) };
    expect(handles.executor.has('*') || handles.pod.has('*'), 'no wildcard transitions').to.equal(false);
    for (const [type, route] of Object.entries(INPUT_ROUTES)) {
      if (route === 'executor' || route === 'podOrExecutor' || route === 'launch') expect(handles.executor.has(type), `the executor handles ${type}`).to.equal(true);
      if (route === 'pod' || route === 'podOrExecutor') expect(handles.pod.has(type), `a pod handles ${type}`).to.equal(true);
      if (route === 'recorded') expect(handles.executor.has(type) || handles.pod.has(type), `${type} is recorded, yet a machine handles it`).to.equal(false);
    }
  });

  it('sends a task timer to its pod and a timer of no task to the executor', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch(), { type: 'pod.planned', taskId: 't1', plan: plan([service('web')]) });
    expect(scenario.feed({ type: 'timer.fired', name: 't1/launch' }), 'the executor has no such timer').to.deep.equal([]);
    expect(scenario.feed({ type: 'timer.fired', name: 't1/launch', taskId: 't1' }).map((command) => command.type)).to.include('status.send');
  });
});
