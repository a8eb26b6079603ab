import { expect } from 'chai';
import type { BuildPlan } from '../../src/compose/buildPlan.js';
import { launch, plan, Scenario, service, subscribed } from './scenario.js';

const built = 'compose-executor/web:0123456789abcdef';
const build: BuildPlan = { context: '/sandbox/app', dockerfile: 'Dockerfile', tags: [built], labels: {}, policy: 'missing' };

describe('pod lifecycle with a built image', () => {
  const pod = plan([service('web', { image: built, build }), service('worker', { image: built, dependsOn: ['web'] }), service('db')]);

  it('builds the image once for every service that runs it, pulls the others, and creates once it is built', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    const onPlanned = scenario.feed({ type: 'pod.planned', taskId: 't1', plan: pod });
    expect(onPlanned.filter((command) => command.type.startsWith('image.'))).to.deep.equal([
      { type: 'image.pull', taskId: 't1', image: 'busybox', policy: 'missing' },
      { type: 'image.build', taskId: 't1', image: built, build },
    ]);
    scenario.feed({ type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' }, { type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false });
    expect(scenario.feed({ type: 'image.build_progress', taskId: 't1', image: built, step: 1, steps: 2, instruction: 'FROM busybox' }), 'progress is only recorded').to.deep.equal([]);
    const onBuilt = scenario.feed({ type: 'image.ready', taskId: 't1', image: built, pulled: false, built: true });
    expect(onBuilt.flatMap((command) => (command.type === 'container.create' ? [command.service.name] : []))).to.deep.equal(['web']);
  });

  it('fails the pod naming the services, the step and the builder\'s message when the build fails, leaving nothing', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch(), { type: 'pod.planned', taskId: 't1', plan: pod }, { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' });
    const message = "at step 2/2 (RUN exit 3): The command '/bin/sh -c exit 3' returned a non-zero code: 3";
    const onFailure = scenario.feed({ type: 'image.build_failed', taskId: 't1', image: built, message });
    expect(onFailure).to.deep.include({ type: 'network.remove', taskId: 't1', name: 't1_default', networkId: 'n1' });
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    expect(scenario.lastStatus()).to.deep.equal({
      type: 'status.send',
      taskId: 't1',
      state: 'TASK_FAILED',
      message: `services web, worker: build of ${built} failed: ${message}`,
      reason: 'REASON_CONTAINER_LAUNCH_FAILED',
    });
  });
});
