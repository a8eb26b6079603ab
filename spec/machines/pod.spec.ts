import { expect } from 'chai';
import type { Command } from '../../src/events/commands.js';
import { launch, plan, Scenario, service, subscribed } from './scenario.js';

const imageReady = { type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false } as const;

const types = (commands: Command[]) => commands.map((command) => command.type);
const statuses = (commands: Command[]) =>
  commands.flatMap((command) => (command.type === 'status.send' ? [command.state] : []));

describe('pod lifecycle', () => {
  const twoServices = plan([service('db'), service('web', { dependsOn: ['db'] })]);

  function runningPod(capabilities: string[] = [], executorResourced = true, logVersion?: number): Scenario {
    return launchedAndRunning(new Scenario(logVersion === undefined ? {} : { logVersion }), capabilities, executorResourced);
  }

  /** db and web created and started in the scenario's executor. */
  function launchedAndRunning(scenario: Scenario, capabilities: string[] = [], executorResourced = true): Scenario {
    scenario.feed(subscribed(capabilities), launch('t1', undefined, executorResourced), { type: 'pod.planned', taskId: 't1', plan: twoServices });
    scenario.feed(
      imageReady,
      { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' },
      { type: 'container.created', taskId: 't1', service: 'db', containerId: 'c-db' },
      { type: 'container.started', taskId: 't1', service: 'db' },
      { type: 'container.created', taskId: 't1', service: 'web', containerId: 'c-web' },
      { type: 'container.started', taskId: 't1', service: 'web' },
    );
    return scenario;
  }

  it('reports TASK_STARTING and asks for the plan on launch', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed());
    const commands = scenario.feed(launch());
    expect(types(commands)).to.deep.equal(['status.send', 'pod.plan']);
    expect(statuses(commands)).to.deep.equal(['TASK_STARTING']);
  });

  it('asks for the plan with what the task settings and a refused label say', () => {
    const exact = new Scenario({ exactHostPorts: true });
    exact.feed(subscribed());
    expect(exact.feed(launch()).find((command) => command.type === 'pod.plan')).to.deep.include({ exactHostPorts: true });
    const refused = new Scenario();
    refused.feed(subscribed());
    const launched = { ...launch(), settings: { exactHostPorts: false }, refusedLabel: 'task label compose-executor.encoding: no' } as const;
    const plan = refused.feed(launched).find((command) => command.type === 'pod.plan');
    expect(plan).to.deep.include({ refusedLabel: 'task label compose-executor.encoding: no' });
    expect(plan).not.to.have.property('exactHostPorts');
  });

  it('creates a service only once its dependencies run, then reports TASK_RUNNING', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    expect(scenario.feed({ type: 'pod.planned', taskId: 't1', plan: twoServices })).to.deep.equal([
      { type: 'timer.start', taskId: 't1', name: 't1/launch', ms: 300_000 },
      { type: 'network.create', taskId: 't1', name: 't1_default', labels: {} },
      { type: 'image.pull', taskId: 't1', image: 'busybox', policy: 'missing' },
    ]);
    expect(scenario.feed({ type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' }), 'nothing is created before its image is there').to.be.empty;
    const afterNetwork = scenario.feed(imageReady);
    expect(afterNetwork.map((c) => (c.type === 'container.create' ? c.service.name : c.type))).to.deep.equal(['db']);
    scenario.feed({ type: 'container.created', taskId: 't1', service: 'db', containerId: 'c-db' });
    const afterDb = scenario.feed({ type: 'container.started', taskId: 't1', service: 'db' });
    expect(afterDb.map((c) => (c.type === 'container.create' ? c.service.name : c.type))).to.deep.equal(['web']);
    scenario.feed({ type: 'container.created', taskId: 't1', service: 'web', containerId: 'c-web' });
    expect(statuses(scenario.feed({ type: 'container.started', taskId: 't1', service: 'web' }))).to.deep.equal(['TASK_RUNNING']);
  });

  it('joins the network namespace of the service named in network_mode', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    scenario.feed({
      type: 'pod.planned',
      taskId: 't1',
      plan: plan([service('app'), service('sidecar', { network: { kind: 'service', service: 'app' }, dependsOn: ['app'] })]),
    });
    scenario.feed(imageReady, { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' });
    // Created while app starts, since Docker only needs app's container to exist; started once app runs.
    const onAppCreated = scenario.feed({ type: 'container.created', taskId: 't1', service: 'app', containerId: 'c-app' });
    expect(types(onAppCreated)).to.deep.equal(['container.start', 'container.create']);
    expect(onAppCreated[1]).to.include({ type: 'container.create', joinContainerId: 'c-app' });
    expect(onAppCreated[1]).not.to.have.property('network');
    expect(scenario.feed({ type: 'container.created', taskId: 't1', service: 'sidecar', containerId: 'c-sidecar' }), 'not before app runs').to.be.empty;
    expect(scenario.feed({ type: 'container.started', taskId: 't1', service: 'app' })).to.deep.equal([
      { type: 'container.start', taskId: 't1', service: 'sidecar', containerId: 'c-sidecar' },
    ]);
  });

  it('stops services in reverse dependency order on KILL, removes them and reports TASK_KILLED', () => {
    const scenario = runningPod();
    const onKill = scenario.feed({ type: 'mesos.kill', taskId: 't1' });
    expect(onKill.filter((c) => c.type === 'container.stop').map((c) => (c as { service: string }).service)).to.deep.equal(['web']);
    expect(onKill).to.deep.include({ type: 'timer.start', taskId: 't1', name: 't1/kill-grace', ms: 3000 });
    // web's container goes as soon as it stopped, while db stops (as `docker compose down` does).
    const afterWeb = scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'web' });
    expect(afterWeb).to.deep.equal([
      { type: 'container.stop', taskId: 't1', service: 'db', containerId: 'c-db', graceSeconds: 3 },
      { type: 'container.remove', taskId: 't1', service: 'web', containerId: 'c-web' },
    ]);
    expect(scenario.feed({ type: 'container.removed', taskId: 't1', service: 'web' })).to.deep.equal([]);
    const afterDb = scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'db' });
    expect(afterDb).to.deep.equal([
      { type: 'container.remove', taskId: 't1', service: 'db', containerId: 'c-db' },
      { type: 'timer.cancel', name: 't1/kill-grace' },
    ]);
    // Killed once nothing of the pod is left, the network included: the update may be the executor's last act.
    expect(scenario.feed({ type: 'container.removed', taskId: 't1', service: 'db' })).to.deep.equal([
      { type: 'network.remove', taskId: 't1', name: 't1_default', networkId: 'n1' },
    ]);
    expect(scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' })).to.deep.equal([
      { type: 'status.send', taskId: 't1', state: 'TASK_KILLED', message: 'killed' },
      { type: 'plugin.after_kill', taskId: 't1', state: 'TASK_KILLED' },
    ]);
    expect(scenario.podState('t1')).to.equal('ended');
  });

  it('takes a stopping service for stopped at its death: its dependency stops and its container goes before docker stop answers', () => {
    const scenario = runningPod();
    scenario.feed({ type: 'mesos.kill', taskId: 't1' });
    expect(scenario.feed({ type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 143 })).to.deep.equal([
      { type: 'container.stop', taskId: 't1', service: 'db', containerId: 'c-db', graceSeconds: 3 },
      { type: 'container.remove', taskId: 't1', service: 'web', containerId: 'c-web' },
    ]);
    expect(scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'web' }), 'the late answer changes nothing').to.deep.equal([]);
    expect(types(scenario.feed({ type: 'container.died', taskId: 't1', service: 'db', containerId: 'c-db', exitCode: 143 }))).to.deep.equal(['container.remove', 'timer.cancel']);
    scenario.feed({ type: 'container.removed', taskId: 't1', service: 'web' });
    expect(types(scenario.feed({ type: 'container.removed', taskId: 't1', service: 'db' }))).to.deep.equal(['network.remove']);
    expect(statuses(scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' }))).to.deep.equal(['TASK_KILLED']);
  });

  it('keeping its containers, waits for docker stop to answer after a death, so they are listed stopped by the end', () => {
    const scenario = launchedAndRunning(new Scenario({ cleanup: { killed: 'keep', failed: 'keep', finished: 'keep', keptForMs: 3_600_000 } }));
    scenario.feed({ type: 'mesos.kill', taskId: 't1' });
    expect(scenario.feed({ type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 143 })).to.deep.equal([]);
    expect(types(scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'web' }))).to.deep.equal(['container.stop']);
  });

  it('replaying a log of version 2, waits for docker stop to answer and removes the containers once all have stopped, as it did then', () => {
    const scenario = runningPod([], true, 2);
    scenario.feed({ type: 'mesos.kill', taskId: 't1' });
    expect(scenario.feed({ type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 143 })).to.deep.equal([]);
    expect(types(scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'web' }))).to.deep.equal(['container.stop']);
    expect(scenario.feed({ type: 'container.died', taskId: 't1', service: 'db', containerId: 'c-db', exitCode: 143 })).to.deep.equal([]);
    expect(types(scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'db' }))).to.deep.equal(['timer.cancel', 'container.remove', 'container.remove']);
  });

  it('sends TASK_KILLING first when the framework accepts it', () => {
    const scenario = runningPod(['TASK_KILLING_STATE']);
    expect(statuses(scenario.feed({ type: 'mesos.kill', taskId: 't1' }))).to.deep.equal(['TASK_KILLING']);
  });

  it('takes the shorter grace from the KILL event', () => {
    const scenario = runningPod();
    const onKill = scenario.feed({ type: 'mesos.kill', taskId: 't1', gracePeriodMs: 1000 });
    expect(onKill).to.deep.include({ type: 'container.stop', taskId: 't1', service: 'web', containerId: 'c-web', graceSeconds: 1 });
  });

  it('holds a failure back until the pod is gone when the executor has no resources of its own, which the agent would destroy at the update', () => {
    const scenario = runningPod([], false);
    const onDeath = scenario.feed({ type: 'container.died', taskId: 't1', service: 'db', containerId: 'c-db', exitCode: 137 });
    expect(types(onDeath)).to.deep.equal(['timer.cancel', 'timer.start', 'container.stop']);
    const afterStops = scenario.feed(
      { type: 'container.stopped', taskId: 't1', service: 'web' },
      { type: 'container.removed', taskId: 't1', service: 'db' },
      { type: 'container.removed', taskId: 't1', service: 'web' },
    );
    expect(statuses(afterStops)).to.deep.equal([]);
    expect(scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' })).to.deep.equal([
      { type: 'status.send', taskId: 't1', state: 'TASK_FAILED', message: 'service db exited with code 137' },
      { type: 'plugin.after_kill', taskId: 't1', state: 'TASK_FAILED' },
    ]);
    expect(scenario.podState('t1')).to.equal('ended');
  });

  it('fails the pod naming the service and exit code when a container dies', () => {
    const scenario = runningPod();
    const onDeath = scenario.feed({ type: 'container.died', taskId: 't1', service: 'db', containerId: 'c-db', exitCode: 137 });
    // The failure is told at once, then the rest of the pod is stopped.
    expect(types(onDeath)).to.deep.equal(['timer.cancel', 'status.send', 'timer.start', 'container.stop']);
    expect(onDeath.filter((c) => c.type === 'container.stop').map((c) => (c as { service: string }).service)).to.deep.equal(['web']);
    scenario.feed(
      { type: 'container.stopped', taskId: 't1', service: 'web' },
      { type: 'container.removed', taskId: 't1', service: 'db' },
      { type: 'container.removed', taskId: 't1', service: 'web' },
    );
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    const terminal = scenario.lastStatus();
    expect(terminal).to.deep.equal({ type: 'status.send', taskId: 't1', state: 'TASK_FAILED', message: 'service db exited with code 137' });
  });

  it('says out of memory when Docker reported an OOM kill before the death', () => {
    const scenario = runningPod();
    scenario.feed(
      { type: 'container.oom', taskId: 't1', service: 'web', containerId: 'c-web' },
      { type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 137 },
      { type: 'container.stopped', taskId: 't1', service: 'db' },
      { type: 'container.removed', taskId: 't1', service: 'db' },
      { type: 'container.removed', taskId: 't1', service: 'web' },
    );
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    const terminal = scenario.lastStatus();
    expect(terminal).to.include({ state: 'TASK_FAILED', reason: 'REASON_CONTAINER_LIMITATION_MEMORY' });
    expect((terminal as { message: string }).message).to.contain('out of memory');
  });

  it('fails a pod whose compose file is bad without touching Docker', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    const commands = scenario.feed({ type: 'pod.plan_failed', taskId: 't1', message: 'web.yml: file not found' });
    expect(commands).to.deep.equal([
      { type: 'status.send', taskId: 't1', state: 'TASK_FAILED', message: 'web.yml: file not found', reason: 'REASON_TASK_INVALID' },
      { type: 'plugin.after_kill', taskId: 't1', state: 'TASK_FAILED' },
    ]);
  });

  it('removes what was created when a later service cannot be created', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch(), { type: 'pod.planned', taskId: 't1', plan: twoServices });
    scenario.feed(
      imageReady,
      { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' },
      { type: 'container.created', taskId: 't1', service: 'db', containerId: 'c-db' },
      { type: 'container.started', taskId: 't1', service: 'db' },
    );
    const onFailure = scenario.feed({ type: 'container.create_failed', taskId: 't1', service: 'web', message: 'No such image: nope:latest' });
    expect(types(onFailure)).to.deep.equal(['timer.cancel', 'status.send', 'timer.start', 'container.stop']);
    scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'db' }, { type: 'container.removed', taskId: 't1', service: 'db' });
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    const terminal = scenario.lastStatus();
    expect(terminal).to.deep.equal({
      type: 'status.send',
      taskId: 't1',
      state: 'TASK_FAILED',
      message: 'service web: No such image: nope:latest',
      reason: 'REASON_CONTAINER_LAUNCH_FAILED',
    });
  });

  it('pulls each image once, with the most eager policy of the services using it', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    const pulls = scenario
      .feed({
        type: 'pod.planned',
        taskId: 't1',
        plan: plan([service('a', { image: 'x' }), service('b', { image: 'x', pullPolicy: 'always' }), service('c', { image: 'y', pullPolicy: 'never' })]),
      })
      .filter((command) => command.type === 'image.pull');
    expect(pulls).to.deep.equal([
      { type: 'image.pull', taskId: 't1', image: 'x', policy: 'always' },
      { type: 'image.pull', taskId: 't1', image: 'y', policy: 'never' },
    ]);
  });

  it('fails the pod naming the image when a pull fails, leaving nothing', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch(), { type: 'pod.planned', taskId: 't1', plan: twoServices }, { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' });
    const onFailure = scenario.feed({ type: 'image.pull_failed', taskId: 't1', image: 'busybox', message: 'manifest unknown' });
    expect(onFailure).to.deep.include({ type: 'network.remove', taskId: 't1', name: 't1_default', networkId: 'n1' });
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    const terminal = scenario.lastStatus();
    expect(terminal).to.deep.equal({
      type: 'status.send',
      taskId: 't1',
      state: 'TASK_FAILED',
      message: 'services db, web: image busybox: manifest unknown',
      reason: 'REASON_CONTAINER_LAUNCH_FAILED',
    });
  });

  it('removes everything by force once the kill grace runs out', () => {
    const scenario = runningPod();
    scenario.feed({ type: 'mesos.kill', taskId: 't1' });
    const onTimeout = scenario.feed({ type: 'timer.fired', taskId: 't1', name: 't1/kill-grace' });
    expect(types(onTimeout)).to.deep.equal(['timer.cancel', 'container.remove', 'container.remove']);
  });
});
