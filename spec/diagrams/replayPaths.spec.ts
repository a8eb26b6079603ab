import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { replayPaths, type MachinePath } from '../../src/diagrams/replayPaths.js';
import type { Input } from '../../src/events/inputs.js';
import { replayLog } from '../../src/replay/replayLog.js';
import { obligingAdapters, recordRun } from '../events/recordedRun.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';

const twoServices = plan([service('db'), service('web', { dependsOn: ['db'] })]);

describe('the path a replayed pod took', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'replay-paths-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function pathsOf(inputs: Input[]): MachinePath[] {
    const run = recordRun(path.join(dir, 'events.jsonl'), inputs, obligingAdapters(twoServices));
    const replayed = replayLog(run.log);
    if (!replayed.ok) throw new Error(replayed.message);
    return replayPaths(replayed.replay);
  }

  const described = (machine: MachinePath) =>
    machine.steps.map((step) => `#${step.order} ${step.source || '[*]'} -> ${step.target ?? '(stays)'}: ${[step.event, step.guard && `[${step.guard}]`].filter(Boolean).join(' ')}`);

  it('numbers every transition the pod took, even those it passed through within one input', () => {
    const [pod, executor] = pathsOf([subscribed(), launch(), { type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 1 }]);
    expect(pod?.name).to.equal('pod t1');
    const steps = described(pod!);
    // The way there is the lead's to change; these landmarks are what a pod that lost a service must pass, in this order.
    const landmarks = [
      '#1 [*] -> planning: ',
      '#2 planning -> launching: pod.planned',
      '#9 launching -> running: [everyServiceReady]',
      '#10 running -> (stays): container.died [liveServiceDied]',
      '#11 running -> stopping: [outcomeDecided]',
      '#12 stopping -> (stays): container.stopped [knownService]',
      '#13 stopping -> removing: [podQuiet]',
    ];
    expect(steps.filter((step) => landmarks.includes(step))).to.deep.equal(landmarks);
    expect(steps.filter((step) => / launching -> \(stays\): container\.(created|started)/.test(step))).to.have.length(4);
    expect(steps[steps.length - 1]).to.match(/ -> ended: /);
    expect(pod!.steps.map((step) => step.order)).to.deep.equal(pod!.steps.map((_, index) => index + 1));
    expect(pod?.visited.slice(0, 5)).to.deep.equal(['planning', 'launching', 'running', 'stopping', 'removing']);
    expect(pod?.final).to.deep.equal(['ended']);
    expect(executor?.name).to.equal('executor');
    expect(executor?.visited.slice(0, 3)).to.deep.equal(['subscribing', 'subscribed', 'subscribed.serving']);
  });

  it('ties each transition to the record that caused it', () => {
    const [pod] = pathsOf([subscribed(), launch(), { type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 1 }]);
    const died = pod!.steps.filter((step) => step.event === 'container.died' || step.guard === 'outcomeDecided');
    expect(died).to.have.length(2);
    expect(died[0]!.seq).to.equal(died[1]!.seq);
  });

  it('follows a pod that the executor kills when the agent asks it to shut down', () => {
    const [pod, executor] = pathsOf([subscribed(), launch(), { type: 'mesos.shutdown' }]);
    expect(described(pod!)).to.include('#10 running -> stopping: mesos.kill');
    expect(pod?.final).to.deep.equal(['ended']);
    expect(described(executor!)).to.include.members(['#2 subscribing -> subscribed: mesos.subscribed']);
    expect(executor?.visited).to.include('shuttingDown');
  });
});
