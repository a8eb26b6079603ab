import { expect } from 'chai';
import type { Command } from '../../src/events/commands.js';
import type { Input } from '../../src/events/inputs.js';
import { launch, plan, Scenario, service, subscribed } from './scenario.js';

const warm = { command: ['sh', '-c', 'echo warm > /tmp/ready'] };
const check = { command: ['test', '-f', '/tmp/ready'], user: 'root' };
const quiesce = { command: ['sh', '-c', 'echo bye'], workingDir: '/tmp', environment: { WHY: 'kill', BARE: null } };

const pod = plan([service('db', { postStart: [warm, check], preStop: [quiesce] }), service('web', { dependsOn: ['db'] })]);
const t = { taskId: 't1' };

const hooksOf = (commands: Command[]) => commands.filter((command) => command.type === 'container.exec_hook');
const created = (name: string, containerId: string): Input => ({ type: 'container.created', ...t, service: name, containerId });
const started = (name: string): Input => ({ type: 'container.started', ...t, service: name });
const done = (stage: 'post_start' | 'pre_stop', index: number): Input => ({ type: 'container.hook_done', ...t, service: 'db', stage, index });

/** A pod whose db container has started, its first post_start hook under way. */
function dbStarted(): Scenario {
  const scenario = new Scenario();
  scenario.feed(subscribed(), launch(), { type: 'pod.planned', ...t, plan: pod }, { type: 'network.created', ...t, name: 't1_default', networkId: 'n1' });
  scenario.feed({ type: 'image.ready', ...t, image: 'busybox', pulled: false }, created('db', 'c-db'));
  return scenario;
}

describe('post_start and pre_stop hooks, as Compose runs them', () => {
  it('runs the post_start hooks one after another once the container started, and only then starts its dependants', () => {
    const scenario = dbStarted();
    expect(hooksOf(scenario.feed(started('db')))).to.deep.equal([{ type: 'container.exec_hook', ...t, service: 'db', containerId: 'c-db', stage: 'post_start', index: 0, hook: warm }]);
    // Docker's start event says it runs, but it has not started as Compose means it.
    const onRunning = scenario.feed({ type: 'container.running', ...t, service: 'db', containerId: 'c-db' });
    expect(onRunning.filter((command) => command.type === 'container.create')).to.deep.equal([]);
    const onFirst = scenario.feed(done('post_start', 0));
    expect(hooksOf(onFirst).map((command) => command.type === 'container.exec_hook' && command.hook)).to.deep.equal([check]);
    expect(onFirst.filter((command) => command.type === 'container.create')).to.deep.equal([]);
    const onLast = scenario.feed(done('post_start', 1));
    expect(onLast.flatMap((command) => (command.type === 'container.create' ? [command.service.name] : []))).to.deep.equal(['web']);
    scenario.feed(created('web', 'c-web'), started('web'));
    expect(scenario.podState('t1')).to.equal('running');
  });

  it('fails the task when a post_start hook fails, naming the service, the hook and what it said, and stops the pod', () => {
    const scenario = dbStarted();
    scenario.feed(started('db'));
    const onFailed = scenario.feed({ type: 'container.hook_failed', ...t, service: 'db', stage: 'post_start', index: 0, exitCode: 3, message: 'exited with status 3: no disk' });
    // Stopping runs the pre_stop hook first, as Compose's down does.
    expect(hooksOf(onFailed).map((command) => command.type === 'container.exec_hook' && command.stage)).to.deep.equal(['pre_stop']);
    scenario.feed(done('pre_stop', 0), { type: 'container.stopped', ...t, service: 'db' }, { type: 'container.removed', ...t, service: 'db' }, { type: 'network.removed', ...t, name: 't1_default' });
    expect(scenario.lastStatus()).to.deep.include({ state: 'TASK_FAILED', message: 'service db: post_start[0] exited with status 3: no disk', reason: 'REASON_CONTAINER_LAUNCH_FAILED' });
  });

  it('runs the pre_stop hooks before the stop on a kill, and stops the container even when one fails', () => {
    for (const ending of [done('pre_stop', 0), { type: 'container.hook_failed', ...t, service: 'db', stage: 'pre_stop', index: 0, message: 'exited with status 1' } as Input]) {
      const scenario = dbStarted();
      scenario.feed(started('db'), done('post_start', 0), done('post_start', 1), created('web', 'c-web'), started('web'));
      const onKill = scenario.feed({ type: 'mesos.kill', ...t });
      // web goes first (nothing depends on it), then db's hook, then db's stop.
      expect(onKill.filter((command) => command.type === 'container.stop').map((command) => command.type === 'container.stop' && command.service)).to.deep.equal(['web']);
      expect(hooksOf(scenario.feed({ type: 'container.stopped', ...t, service: 'web' }))).to.deep.equal([
        { type: 'container.exec_hook', ...t, service: 'db', containerId: 'c-db', stage: 'pre_stop', index: 0, hook: quiesce },
      ]);
      const onEnded = scenario.feed(ending);
      expect(onEnded.filter((command) => command.type === 'container.stop')).to.deep.equal([{ type: 'container.stop', ...t, service: 'db', containerId: 'c-db', graceSeconds: 3 }]);
    }
  });

  it("runs a service's pre_stop once when Docker's start event for it arrives after the kill (a loaded host)", () => {
    const lateStart = (logVersion?: number) => {
      const scenario = new Scenario(logVersion === undefined ? {} : { logVersion });
      scenario.feed(subscribed(), launch(), { type: 'pod.planned', ...t, plan: plan([service('db', { preStop: [quiesce] })]) }, { type: 'network.created', ...t, name: 't1_default', networkId: 'n1' });
      scenario.feed({ type: 'image.ready', ...t, image: 'busybox', pulled: false }, created('db', 'c-db'), started('db'));
      const onKill = scenario.feed({ type: 'mesos.kill', ...t });
      const onLate = scenario.feed({ type: 'container.running', ...t, service: 'db', containerId: 'c-db' }, started('db'));
      return [...hooksOf(onKill), ...hooksOf(onLate)].length;
    };
    expect(lateStart()).to.equal(1);
    // A version 4 log ran it again at each late report: it replays to what it recorded.
    expect(lateStart(4)).to.equal(3);
  });

  it('removes a container that died while its pre_stop hook ran, and sends it no stop after the failed hook', () => {
    const scenario = dbStarted();
    scenario.feed(started('db'), done('post_start', 0), done('post_start', 1), created('web', 'c-web'), started('web'));
    scenario.feed({ type: 'mesos.kill', ...t }, { type: 'container.stopped', ...t, service: 'web' });
    // Since log version 3 a death ends a stop under way, its pre_stop included: the container is removed at once.
    const onDied = scenario.feed({ type: 'container.died', ...t, service: 'db', containerId: 'c-db', exitCode: 137 });
    expect(onDied.filter((command) => command.type === 'container.remove').map((command) => command.type === 'container.remove' && command.service)).to.include('db');
    const onFailed = scenario.feed({ type: 'container.hook_failed', ...t, service: 'db', stage: 'pre_stop', index: 0, message: 'could not run: container is not running' });
    expect(onFailed.filter((command) => command.type === 'container.stop')).to.deep.equal([]);
  });
});

describe("pre_stop hooks within the kill grace, and a tty service's hooks", () => {
  const slowStop = plan([service('db', { preStop: [quiesce, quiesce], tty: true })]);
  const running = (logVersion?: number) => {
    const scenario = new Scenario({ defaultKillGraceMs: 5000, ...(logVersion === undefined ? {} : { logVersion }) });
    scenario.feed(subscribed(), launch(), { type: 'pod.planned', ...t, plan: slowStop }, { type: 'network.created', ...t, name: 't1_default', networkId: 'n1' });
    scenario.feed({ type: 'image.ready', ...t, image: 'busybox', pulled: false }, created('db', 'c-db'), started('db'));
    return scenario;
  };
  const killedAfterHooks = (scenario: Scenario) => {
    const onKill = scenario.feed({ type: 'mesos.kill', ...t });
    scenario.feed({ type: 'container.hook_done', ...t, service: 'db', stage: 'pre_stop', index: 0, tookMs: 1200 });
    const onLast = scenario.feed({ type: 'container.hook_failed', ...t, service: 'db', stage: 'pre_stop', index: 1, message: 'exited with status 1', tookMs: 1500 });
    return { hooks: hooksOf(onKill), stops: onLast.flatMap((command) => (command.type === 'container.stop' ? [command.graceSeconds] : [])) };
  };

  it("gives the stop what the service's pre_stop hooks left of the kill grace, and attaches a tty service's hooks with a TTY", () => {
    const { hooks, stops } = killedAfterHooks(running());
    expect(hooks.map((command) => command.type === 'container.exec_hook' && command.tty)).to.deep.equal([true]);
    // 5 s of grace, 2.7 s of hooks: the stop may wait 2.3 s, rounded up to Docker's whole seconds; the kill timer still ends it at 5 s.
    expect(stops).to.deep.equal([3]);
  });

  it('decides as before for a log of version 3, so it replays to what it recorded', () => {
    const { hooks, stops } = killedAfterHooks(running(3));
    expect(hooks.map((command) => command.type === 'container.exec_hook' && command.tty)).to.deep.equal([undefined]);
    expect(stops).to.deep.equal([5]);
  });
});
