import { expect } from 'chai';
import type { PodPlan, ServicePlan } from '../../src/compose/podPlan.js';
import type { Command, CommandOf } from '../../src/events/commands.js';
import type { FrameworkCheck, FrameworkHealthCheck } from '../../src/events/frameworkChecks.js';
import type { Input, LaunchedTask } from '../../src/events/inputs.js';
import { plan, Scenario, service, subscribed } from './scenario.js';

const HTTP_HEALTH: FrameworkHealthCheck = {
  probe: { type: 'HTTP', port: 31000, path: '/health', scheme: 'http' },
  delayMs: 1000,
  intervalMs: 2000,
  timeoutMs: 500,
  consecutiveFailures: 3,
  gracePeriodMs: 5000,
};

const withPorts = (services: ServicePlan[]): PodPlan => ({
  ...plan(services),
  publishedPorts: [{ service: 'web', containerPort: 80, protocol: 'tcp', hostPort: 31000 }],
});

const statuses = (commands: Command[]) => commands.filter((command): command is CommandOf<'status.send'> => command.type === 'status.send');
const fired = (name: string): Input => ({ type: 'timer.fired', taskId: 't1', name });
const passed: Input = { type: 'check.passed', taskId: 't1', check: 'health', status: { type: 'HTTP', statusCode: 200 } };
const failed: Input = { type: 'check.failed', taskId: 't1', check: 'health', message: 'GET http://127.0.0.1:31000/health answered 503', status: { type: 'HTTP', statusCode: 503 } };

function runningPod(checks: { healthCheck?: FrameworkHealthCheck; check?: FrameworkCheck }, services = [service('web')], extra: Partial<LaunchedTask> = {}): Scenario {
  const scenario = new Scenario();
  const task: LaunchedTask = { taskId: 't1', name: 't1', labels: {}, ports: [[31000, 31009]], ...checks, ...extra };
  scenario.feed(subscribed(['TASK_KILLING_STATE']), { type: 'mesos.launch', task, taskInfo: { task_id: { value: 't1' } } });
  scenario.feed({ type: 'pod.planned', taskId: 't1', plan: withPorts(services) });
  scenario.feed({ type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false }, { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' });
  for (const { name, healthcheck } of services) {
    scenario.feed({ type: 'container.created', taskId: 't1', service: name, containerId: `c-${name}` }, { type: 'container.started', taskId: 't1', service: name });
    if (healthcheck) scenario.feed({ type: 'container.health', taskId: 't1', service: name, containerId: `c-${name}`, status: 'healthy' });
  }
  return scenario;
}

describe('framework health checks', () => {
  it('first runs the check its delay after TASK_RUNNING, on the published port, and again an interval after each result', () => {
    const scenario = new Scenario();
    const task: LaunchedTask = { taskId: 't1', name: 't1', labels: {}, ports: [[31000, 31009]], healthCheck: HTTP_HEALTH };
    scenario.feed(subscribed(), { type: 'mesos.launch', task, taskInfo: {} }, { type: 'pod.planned', taskId: 't1', plan: withPorts([service('web')]) });
    scenario.feed({ type: 'image.ready', taskId: 't1', image: 'busybox', pulled: false }, { type: 'network.created', taskId: 't1', name: 't1_default', networkId: 'n1' });
    scenario.feed({ type: 'container.created', taskId: 't1', service: 'web', containerId: 'c-web' });
    const onRunning = scenario.feed({ type: 'container.started', taskId: 't1', service: 'web' });
    expect(statuses(onRunning)[0], 'no verdict yet: no healthy').to.deep.equal({ type: 'status.send', taskId: 't1', state: 'TASK_RUNNING' });
    expect(onRunning).to.deep.include({ type: 'timer.start', taskId: 't1', name: 't1/health-check', ms: 1000 });
    expect(onRunning).to.deep.include({ type: 'timer.start', taskId: 't1', name: 't1/health-grace', ms: 5000 });
    expect(scenario.feed(fired('t1/health-check'))).to.deep.equal([
      {
        type: 'check.run',
        taskId: 't1',
        check: 'health',
        target: { type: 'HTTP', host: '127.0.0.1', port: 31000, path: '/health', scheme: 'http', container: { service: 'web', containerId: 'c-web', port: 80 } },
        timeoutMs: 500,
      },
    ]);
    const onPass = scenario.feed(passed);
    expect(onPass).to.deep.equal([
      { type: 'status.send', taskId: 't1', state: 'TASK_RUNNING', reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', healthy: true },
      { type: 'timer.start', taskId: 't1', name: 't1/health-check', ms: 2000 },
    ]);
    expect(statuses(scenario.feed(fired('t1/health-check'), passed)), 'a pass after a pass tells nothing new').to.be.empty;
  });

  it('ignores failures within the grace period until the first pass, then counts them', () => {
    const scenario = runningPod({ healthCheck: HTTP_HEALTH });
    expect(statuses(scenario.feed(fired('t1/health-check'), failed, fired('t1/health-check'), failed)), 'in the grace period').to.be.empty;
    scenario.feed(fired('t1/health-grace'), fired('t1/health-check'));
    const counted = statuses(scenario.feed(failed));
    expect(counted).to.have.length(1);
    expect(counted[0]).to.include({ state: 'TASK_RUNNING', healthy: false, reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED' });
    expect(counted[0]!.message).to.equal('health check failed 1 time consecutively: GET http://127.0.0.1:31000/health answered 503');
  });

  it('stops ignoring failures at the first pass, even within the grace period', () => {
    const scenario = runningPod({ healthCheck: HTTP_HEALTH });
    scenario.feed(fired('t1/health-check'), passed, fired('t1/health-check'));
    expect(statuses(scenario.feed(failed)).map((status) => status.healthy)).to.deep.equal([false]);
  });

  it('reports every counted failure and kills the task at consecutive_failures, telling it was unhealthy', () => {
    const scenario = runningPod({ healthCheck: { ...HTTP_HEALTH, gracePeriodMs: 0 } });
    scenario.feed(fired('t1/health-check'), passed);
    scenario.feed(fired('t1/health-check'), failed, fired('t1/health-check'), passed);
    expect(scenario.lastStatus(), 'a pass resets the count and is told').to.include({ healthy: true });
    const first = scenario.feed(fired('t1/health-check'), failed, fired('t1/health-check'), failed);
    expect(statuses(first).map((status) => status.message)).to.deep.equal([
      'health check failed 1 time consecutively: GET http://127.0.0.1:31000/health answered 503',
      'health check failed 2 times consecutively: GET http://127.0.0.1:31000/health answered 503',
    ]);
    expect(scenario.podState('t1')).to.equal('running');
    const third = scenario.feed(fired('t1/health-check'), failed);
    expect(statuses(third).map((status) => [status.state, status.healthy])).to.deep.equal([
      ['TASK_RUNNING', false],
      ['TASK_KILLING', false],
    ]);
    expect(third, 'no run after the kill').to.deep.include({ type: 'timer.cancel', name: 't1/health-check' });
    expect(third.filter((command) => command.type === 'container.stop')).to.have.length(1);
    scenario.feed({ type: 'container.stopped', taskId: 't1', service: 'web' }, { type: 'container.removed', taskId: 't1', service: 'web' });
    // The terminal update waits until the pod is gone, its network included.
    scenario.feed({ type: 'network.removed', taskId: 't1', name: 't1_default' });
    expect(scenario.lastStatus()).to.deep.include({ state: 'TASK_KILLED', healthy: false, message: 'health check failed 3 times consecutively: GET http://127.0.0.1:31000/health answered 503' });
  });

  it('ignores a result that arrives once the pod is stopping', () => {
    const scenario = runningPod({ healthCheck: { ...HTTP_HEALTH, gracePeriodMs: 0, consecutiveFailures: 1 } });
    scenario.feed(fired('t1/health-check'), { type: 'mesos.kill', taskId: 't1' });
    expect(scenario.feed(failed)).to.be.empty;
  });

  it('is healthy only when the framework check and every compose healthcheck are', () => {
    const scenario = runningPod({ healthCheck: { ...HTTP_HEALTH, gracePeriodMs: 0 } }, [service('web', { healthcheck: { test: ['CMD', 'true'] } })]);
    expect(scenario.lastStatus(), 'compose is healthy but the framework check has not run').not.to.have.property('healthy');
    scenario.feed(fired('t1/health-check'), passed);
    expect(scenario.lastStatus()).to.include({ healthy: true });
    const sick = statuses(scenario.feed({ type: 'container.health', taskId: 't1', service: 'web', containerId: 'c-web', status: 'unhealthy' }));
    expect(sick.map((status) => status.healthy), 'a compose healthcheck going unhealthy').to.deep.equal([false]);
    expect(statuses(scenario.feed(fired('t1/health-check'), passed)), 'the framework check passing alone changes nothing').to.be.empty;
    const well = statuses(scenario.feed({ type: 'container.health', taskId: 't1', service: 'web', containerId: 'c-web', status: 'healthy' }));
    expect(well.map((status) => status.healthy)).to.deep.equal([true]);
  });

  it('runs a COMMAND check in the service named by the task label, else the first service', () => {
    const command: FrameworkHealthCheck = { ...HTTP_HEALTH, probe: { type: 'COMMAND', command: { shell: true, value: 'test -f /ready' } } };
    const named = runningPod({ healthCheck: command }, [service('api'), service('web')], { labels: { 'compose-executor.check_service': 'web' } });
    expect(named.feed(fired('t1/health-check'))[0]).to.deep.include({
      target: { type: 'COMMAND', service: 'web', containerId: 'c-web', argv: ['/bin/sh', '-c', 'test -f /ready'] },
    });
    const first = runningPod({ healthCheck: command }, [service('api'), service('web')]);
    expect(first.feed(fired('t1/health-check'))[0]).to.deep.include({ target: { type: 'COMMAND', service: 'api', containerId: 'c-api', argv: ['/bin/sh', '-c', 'test -f /ready'] } });
  });

  it('tells a change of check status in a TASK_RUNNING, and puts the last one on every update', () => {
    const check: FrameworkCheck = { probe: { type: 'TCP', port: 0 }, delayMs: 0, intervalMs: 1000, timeoutMs: 1000 };
    const scenario = runningPod({ check });
    expect(scenario.commands.filter((command) => command.type === 'status.send').at(-1)).to.deep.include({ state: 'TASK_RUNNING', checkStatus: { type: 'TCP' } });
    expect(scenario.feed(fired('t1/check'))[0], 'port 0: the first published').to.deep.include({
      type: 'check.run',
      target: { type: 'TCP', host: '127.0.0.1', port: 31000, container: { service: 'web', containerId: 'c-web', port: 80 } },
    });
    const up = scenario.feedWhole({ type: 'check.passed', taskId: 't1', check: 'check', status: { type: 'TCP', succeeded: true } });
    expect(statuses(up)[0]).to.deep.include({ state: 'TASK_RUNNING', reason: 'REASON_TASK_CHECK_STATUS_UPDATED', checkStatus: { type: 'TCP', succeeded: true } });
    expect(statuses(scenario.feed(fired('t1/check'), { type: 'check.passed', taskId: 't1', check: 'check', status: { type: 'TCP', succeeded: true } }))).to.be.empty;
    const down = scenario.feedWhole(fired('t1/check'), { type: 'check.failed', taskId: 't1', check: 'check', message: 'refused', status: { type: 'TCP', succeeded: false } });
    expect(statuses(down)[0]).to.deep.include({ checkStatus: { type: 'TCP', succeeded: false } });
    expect(statuses(down)[0]).not.to.have.property('healthy');
    const killed = scenario.feedWhole({ type: 'mesos.kill', taskId: 't1' });
    expect(statuses(killed)[0]).to.deep.include({ state: 'TASK_KILLING', checkStatus: { type: 'TCP', succeeded: false } });
  });
});
