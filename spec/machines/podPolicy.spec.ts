import { expect } from 'chai';
import type { Command } from '../../src/events/commands.js';
import type { Input } from '../../src/events/inputs.js';
import { launch, plan, Scenario, service, subscribed } from './scenario.js';

const HEALTHCHECK = { test: ['CMD', 'true'], intervalMs: 1000 };
const statuses = (commands: Command[]) => commands.filter((command) => command.type === 'status.send');
const creates = (commands: Command[]) => commands.flatMap((command) => (command.type === 'container.create' ? [command.service.name] : []));

/** Takes a service from create to started, as the adapters would answer. */
const up = (name: string): Input[] => [
  { type: 'container.created', taskId: 't1', service: name, containerId: `c-${name}` },
  { type: 'container.started', taskId: 't1', service: name },
];
const died = (name: string, exitCode: number): Input => ({ type: 'container.died', taskId: 't1', service: name, containerId: `c-${name}`, exitCode });
const health = (name: string, status: 'starting' | 'healthy' | 'unhealthy'): Input => ({
  type: 'container.health',
  taskId: 't1',
  service: name,
  containerId: `c-${name}`,
  status,
});

function launched(services: ReturnType<typeof service>[], settings: ConstructorParameters<typeof Scenario>[0] = {}): Scenario {
  const scenario = new Scenario(settings);
  scenario.feed(subscribed(), launch(), { type: 'pod.planned', taskId: 't1', plan: plan(services) });
  scenario.feed({ type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' }, { type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false });
  return scenario;
}

describe('pod policy', () => {
  describe('start order', () => {
    it('creates a service that needs a healthy dependency only once the dependency is healthy', () => {
      const scenario = launched([
        service('db', { healthcheck: HEALTHCHECK }),
        service('web', { dependsOn: ['db'], dependsOnConditions: { db: 'service_healthy' } }),
      ]);
      expect(creates(scenario.feed(...up('db'))), 'running is not enough').to.be.empty;
      expect(creates(scenario.feed(health('db', 'starting')))).to.be.empty;
      expect(creates(scenario.feed(health('db', 'healthy')))).to.deep.equal(['web']);
      const running = statuses(scenario.feed(...up('web')));
      expect(running).to.deep.equal([{ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING', healthy: true }]);
    });

    it('starts dependants of a one-shot service once it completes, and counts it as done', () => {
      const scenario = launched([
        service('migrate'),
        service('web', { dependsOn: ['migrate'], dependsOnConditions: { migrate: 'service_completed_successfully' } }),
      ]);
      scenario.feed(...up('migrate'));
      expect(creates(scenario.feed(died('migrate', 0)))).to.deep.equal(['web']);
      expect(statuses(scenario.feed(...up('web')))).to.deep.equal([{ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING' }]);
    });

    it('fails the pod when a one-shot service fails, without starting its dependants', () => {
      const scenario = launched([
        service('migrate'),
        service('web', { dependsOn: ['migrate'], dependsOnConditions: { migrate: 'service_completed_successfully' } }),
      ]);
      scenario.feed(...up('migrate'));
      const commands = scenario.feed(died('migrate', 3));
      expect(creates(commands)).to.be.empty;
      scenario.feed({ type: 'container.removed', taskId: 't1', service: 'migrate' });
      scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
      expect([scenario.lastStatus()]).to.deep.equal([
        { type: 'status.send', taskId: 't1', state: 'TASK_FAILED', message: 'service migrate exited with code 3' },
      ]);
    });

    it('names what each service still waits for when the launch times out', () => {
      const scenario = launched([
        service('db', { healthcheck: HEALTHCHECK }),
        service('web', { dependsOn: ['db'], dependsOnConditions: { db: 'service_healthy' } }),
      ]);
      scenario.feed(...up('db'), health('db', 'starting'));
      scenario.feed({ type: 'timer.fired', taskId: 't1', name: 't1/launch' });
      scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'db' }, { type: 'container.removed', taskId: 't1', service: 'db' });
      scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
      const failed = scenario.lastStatus();
      expect(failed).to.deep.equal({
        type: 'status.send',
        taskId: 't1',
        state: 'TASK_FAILED',
        message: 'launch timed out after 300s: db is not healthy yet (starting); web waits for db to be healthy',
        reason: 'REASON_CONTAINER_LAUNCH_FAILED',
      });
    });
  });

  describe('restart policies', () => {
    it('keeps the pod up while Docker restarts an on-failure service, and fails it once the retries are spent', () => {
      const scenario = launched([service('web', { restart: { policy: 'on-failure', maxRetries: 2 } })]);
      scenario.feed(...up('web'));
      for (let attempt = 0; attempt < 2; attempt += 1) {
        expect(scenario.feed(died('web', 1)), `death ${attempt + 1} is answered by a restart`).to.be.empty;
        scenario.feed({ type: 'container.running', taskId: 't1', service: 'web', containerId: 'c-web' });
      }
      scenario.feed(died('web', 1), { type: 'container.removed', taskId: 't1', service: 'web' });
      scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
      expect([scenario.lastStatus()]).to.deep.equal([
        { type: 'status.send', taskId: 't1', state: 'TASK_FAILED', message: 'service web exited with code 1 after 2 restarts' },
      ]);
    });

    it('never fails the pod for a service that always restarts', () => {
      const scenario = launched([service('web', { restart: { policy: 'always' } })]);
      scenario.feed(...up('web'));
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect(scenario.feed(died('web', 137))).to.be.empty;
        scenario.feed({ type: 'container.running', taskId: 't1', service: 'web', containerId: 'c-web' });
      }
      expect(scenario.podState('t1')).to.equal('running');
    });

    it('finishes the pod when every service has exited 0', () => {
      const scenario = launched([service('a'), service('b')]);
      scenario.feed(...up('a'), ...up('b'), died('a', 0));
      expect(scenario.podState('t1')).to.equal('running');
      scenario.feed(died('b', 0), { type: 'container.removed', taskId: 't1', service: 'a' }, { type: 'container.removed', taskId: 't1', service: 'b' });
      scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
      expect([scenario.lastStatus()]).to.deep.equal([
        { type: 'status.send', taskId: 't1', state: 'TASK_FINISHED', message: 'every essential service completed' },
      ]);
    });

    it('counts one death once when Docker and the reconciliation both report it', () => {
      const scenario = launched([service('web', { restart: { policy: 'on-failure', maxRetries: 1 } })]);
      scenario.feed(...up('web'), died('web', 1));
      expect(scenario.feed(died('web', 1)), 'the second report of the same death').to.be.empty;
      expect(scenario.podState('t1')).to.equal('running');
    });

    it('fails the pod with a clear message when a container is removed from outside', () => {
      const scenario = launched([service('web')]);
      scenario.feed(...up('web'));
      scenario.feed({ type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: -1, vanished: true });
      scenario.feed({ type: 'container.removed', taskId: 't1', service: 'web' });
      scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
      const failed = scenario.lastStatus();
      expect(failed).to.include({ state: 'TASK_FAILED', message: 'service web: its container disappeared (removed outside the executor)' });
    });
  });

  describe('health', () => {
    it('reports a change of health as TASK_RUNNING with the new value', () => {
      const scenario = launched([service('web', { healthcheck: HEALTHCHECK })], { unhealthy: { policy: 'report', graceMs: 0 } });
      scenario.feed(...up('web'), health('web', 'healthy'));
      const sick = statuses(scenario.feed(health('web', 'unhealthy')));
      const well = statuses(scenario.feed(health('web', 'healthy')));
      const reason = 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED';
      expect(sick).to.deep.equal([{ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING', healthy: false, reason }]);
      expect(well).to.deep.equal([{ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING', healthy: true, reason }]);
      expect(scenario.podState('t1')).to.equal('running');
    });

    it('fails the pod when a service stays unhealthy for the grace, under unhealthy: fail', () => {
      const scenario = launched([service('web', { healthcheck: HEALTHCHECK })], { unhealthy: { policy: 'fail', graceMs: 5000 } });
      scenario.feed(...up('web'), health('web', 'healthy'));
      expect(scenario.feed(health('web', 'unhealthy'))).to.deep.include({ type: 'timer.start', taskId: 't1', name: 't1/unhealthy', ms: 5000 });
      scenario.feed({ type: 'timer.fired', taskId: 't1', name: 't1/unhealthy' });
      expect(scenario.podState('t1')).to.equal('stopping');
    });

    it('forgives an unhealthy service that recovers within the grace', () => {
      const scenario = launched([service('web', { healthcheck: HEALTHCHECK })], { unhealthy: { policy: 'fail', graceMs: 5000 } });
      scenario.feed(...up('web'), health('web', 'healthy'), health('web', 'unhealthy'));
      expect(scenario.feed(health('web', 'healthy'))).to.deep.include({ type: 'timer.cancel', name: 't1/unhealthy' });
    });
  });
});

describe('pod resources', () => {
  const withBackend = () => {
    const backend = { name: 't1_backend', labels: {} };
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    const planned = scenario.feed({
      type: 'pod.planned',
      taskId: 't1',
      plan: {
        ...plan([
          service('db', { networks: [{ name: 't1_backend', aliases: ['db'] }] }),
          service('web', { networks: [{ name: 't1_default', aliases: ['web'] }, { name: 't1_backend', aliases: ['web'] }] }),
        ]),
        networks: [backend],
        volumes: [{ name: 't1_data', labels: {} }],
      },
    });
    return { scenario, planned };
  };

  it('creates every network the pod declares, and a service only once all of its networks exist', () => {
    const { scenario, planned } = withBackend();
    expect(planned.filter((c) => c.type === 'network.create').map((c) => (c as { name: string }).name)).to.deep.equal(['t1_default', 't1_backend']);
    scenario.feed({ type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false });
    expect(creates(scenario.feed({ type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' }))).to.be.empty;
    expect(creates(scenario.feed({ type: 'network.created', taskId: 't1', name: 't1_backend', networkId: 'n2' }))).to.deep.equal(['db', 'web']);
  });

  it('removes its networks and named volumes once its containers are gone', () => {
    const { scenario } = withBackend();
    scenario.feed(
      { type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false },
      { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' },
      { type: 'network.created', taskId: 't1', name: 't1_backend', networkId: 'n2' },
      ...up('db'),
      ...up('web'),
      { type: 'mesos.kill', taskId: 't1' },
      { type: 'container.stopped', taskId: 't1', service: 'web' },
      { type: 'container.stopped', taskId: 't1', service: 'db' },
      { type: 'container.removed', taskId: 't1', service: 'db' },
    );
    const cleanup = scenario.feed({ type: 'container.removed', taskId: 't1', service: 'web' });
    expect(cleanup).to.deep.equal([
      { type: 'network.remove', taskId: 't1', name: 't1_default', networkId: 'n1' },
      { type: 'network.remove', taskId: 't1', name: 't1_backend', networkId: 'n2' },
      { type: 'volume.remove', taskId: 't1', name: 't1_data' },
    ]);
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' }, { type: 'network.removed', taskId: 't1', name: 't1_backend' });
    expect(scenario.podState('t1')).to.equal('removing');
    // Told once the last of the pod is gone: the update may be the executor's last act.
    expect(scenario.feed({ type: 'volume.removed', taskId: 't1', name: 't1_data' })).to.deep.equal([
      { type: 'status.send', taskId: 't1', state: 'TASK_KILLED', message: 'killed' },
      { type: 'plugin.after_kill', taskId: 't1', state: 'TASK_KILLED' },
    ]);
    expect(scenario.podState('t1')).to.equal('ended');
  });

  it('tells a failure at once, and still removes networks and volumes after the containers', () => {
    const { scenario } = withBackend();
    scenario.feed(
      { type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false },
      { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' },
      { type: 'network.created', taskId: 't1', name: 't1_backend', networkId: 'n2' },
      ...up('db'),
      { type: 'container.create_failed', taskId: 't1', service: 'web', message: 'name in use' },
      { type: 'container.stopped', taskId: 't1', service: 'db' },
    );
    const afterFailure = scenario.feed({ type: 'container.remove_failed', taskId: 't1', service: 'db', message: 'device busy' });
    expect(afterFailure.filter((c) => c.type !== 'status.send').map((c) => c.type)).to.deep.equal(['network.remove', 'network.remove', 'volume.remove']);
    expect(scenario.lastStatus()).to.deep.include({ state: 'TASK_FAILED', message: 'service web: name in use' });
    scenario.feed(
      { type: 'network.removed', taskId: 't1', name: 't1_default' },
      { type: 'network.removed', taskId: 't1', name: 't1_backend' },
      { type: 'volume.remove_failed', taskId: 't1', name: 't1_data', message: 'volume is in use' },
    );
    expect(scenario.podState('t1')).to.equal('ended');
  });

  it('shortens a kill under way when a second KILL gives a shorter grace', () => {
    const scenario = launched([service('web')]);
    scenario.feed(...up('web'), { type: 'mesos.kill', taskId: 't1', gracePeriodMs: 10_000 });
    expect(scenario.feed({ type: 'mesos.kill', taskId: 't1', gracePeriodMs: 1000 })).to.deep.equal([
      { type: 'timer.start', taskId: 't1', name: 't1/kill-grace', ms: 1000 },
    ]);
    expect(scenario.feed({ type: 'mesos.kill', taskId: 't1', gracePeriodMs: 5000 }), 'a longer one changes nothing').to.be.empty;
  });
});

describe('essential and non-essential services', () => {
  it('keeps the pod up when a non-essential sidecar fails, and says so', () => {
    const scenario = launched([service('web'), service('metrics', { essential: false })]);
    scenario.feed(...up('web'), ...up('metrics'));
    const report = statuses(scenario.feed(died('metrics', 2)));
    expect(report).to.deep.equal([
      { type: 'status.send', taskId: 't1', state: 'TASK_RUNNING', message: 'service metrics exited with code 2; it is not essential, so the pod goes on' },
    ]);
    expect(scenario.podState('t1')).to.equal('running');
  });

  it('does not wait for a non-essential sidecar that failed while launching', () => {
    const scenario = launched([service('web'), service('metrics', { essential: false })]);
    scenario.feed(...up('metrics'), died('metrics', 1));
    expect(statuses(scenario.feed(...up('web')))).to.deep.equal([{ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING' }]);
  });

  it('finishes a batch pod when its essential services complete, stopping the sidecars', () => {
    const scenario = launched([service('job'), service('metrics', { essential: false })]);
    scenario.feed(...up('job'), ...up('metrics'));
    const onDone = scenario.feed(died('job', 0));
    expect(onDone).to.deep.include({ type: 'container.stop', taskId: 't1', service: 'metrics', containerId: 'c-metrics', graceSeconds: 3 });
    scenario.feed(
      { type: 'container.stopped', taskId: 't1', service: 'metrics' },
      { type: 'container.removed', taskId: 't1', service: 'job' },
      { type: 'container.removed', taskId: 't1', service: 'metrics' },
    );
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    const finished = scenario.lastStatus();
    expect(finished).to.include({ state: 'TASK_FINISHED', message: 'every essential service completed' });
  });
});

describe('what every status update shows of the pod', () => {
  it('carries the pod IP, the host ports and each service state as labels', () => {
    const scenario = new Scenario();
    scenario.feed(subscribed(), launch());
    scenario.feed({
      type: 'pod.planned',
      taskId: 't1',
      plan: {
        ...plan([service('web'), service('sidecar', { network: { kind: 'service', service: 'web' }, dependsOn: ['web'] })]),
        publishedPorts: [{ service: 'web', containerPort: 8080, protocol: 'tcp', hostPort: 31000 }],
      },
    });
    scenario.feed({ type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' }, { type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false });
    scenario.feed(
      { type: 'container.created', taskId: 't1', service: 'web', containerId: '0123456789abcdef' },
      { type: 'container.started', taskId: 't1', service: 'web', ipAddresses: ['172.18.0.2'] },
      { type: 'container.created', taskId: 't1', service: 'sidecar', containerId: 'fedcba9876543210' },
    );
    const [running] = scenario.feedWhole({ type: 'container.started', taskId: 't1', service: 'sidecar' }).filter((c) => c.type === 'status.send');
    expect(running).to.deep.equal({
      type: 'status.send',
      taskId: 't1',
      state: 'TASK_RUNNING',
      ipAddresses: ['172.18.0.2'],
      labels: {
        'compose-executor.port.web.8080': '31000',
        'compose-executor.service.web.state': 'running',
        'compose-executor.service.web.container': '0123456789ab',
        'compose-executor.service.sidecar.state': 'running',
        'compose-executor.service.sidecar.container': 'fedcba987654',
      },
    });
  });
});

describe('optional dependencies', () => {
  it('lets a dependant go ahead once an optional dependency has failed, but not one that requires it', () => {
    const scenario = launched([
      service('metrics', { essential: false, healthcheck: HEALTHCHECK }),
      service('web', { dependsOn: ['metrics'], dependsOnConditions: { metrics: 'service_healthy' }, optionalDependencies: ['metrics'] }),
      service('report', { dependsOn: ['metrics'], dependsOnConditions: { metrics: 'service_healthy' }, essential: false }),
    ]);
    expect(creates(scenario.feed(...up('metrics'))), 'both wait while it may still become healthy').to.be.empty;
    expect(creates(scenario.feed(died('metrics', 1)))).to.deep.equal(['web']);
  });
});
