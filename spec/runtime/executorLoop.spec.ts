import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { LoopStep } from '../../src/runtime/executorLoop.js';
import { obligingAdapters } from '../events/recordedRun.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';
import { runLoop } from './loopRun.js';

describe('the executor loop', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'executor-loop-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reacts to an input only once it and its commands are in the event log, with the core before and after it', () => {
    const file = path.join(dir, 'events.jsonl');
    const seen: Array<{ step: LoopStep; logged: string[] }> = [];
    runLoop(file, [subscribed(), launch()], obligingAdapters(plan([service('web')])), (step) => {
      const logged = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => (JSON.parse(line) as { type: string }).type);
      seen.push({ step, logged });
    });
    const launched = seen.find(({ step }) => step.input.input.type === 'mesos.launch')!;
    expect(launched.step.before.pods).to.not.have.property('t1');
    expect(launched.step.after.pods.t1?.value).to.equal('planning');
    expect(launched.step.commands.map((command) => command.type)).to.include('pod.plan');
    // The launch, then its commands, are the last lines written when the reaction runs.
    expect(launched.logged.slice(-1 - launched.step.commands.length)).to.deep.equal(['mesos.launch', ...launched.step.commands.map((command) => command.type)]);
  });

  it('folds an answer an adapter gives at once after the input that asked for it, not inside it', () => {
    const order: string[] = [];
    runLoop(path.join(dir, 'events.jsonl'), [subscribed(), launch()], obligingAdapters(plan([service('web')])), (step) => order.push(step.input.input.type));
    // The launch's TASK_STARTING and plan are answered while it is being handed out; both answers come after it, in order.
    expect(order.slice(0, 4)).to.deep.equal(['mesos.subscribed', 'mesos.launch', 'update.queued', 'pod.planned']);
  });
});
