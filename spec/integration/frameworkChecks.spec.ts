import { expect } from 'chai';
import type { LocalPod } from '../../src/agent/localPod.js';
import type { ReceivedUpdate } from '../../src/agent/agentRecords.js';
import { composeFile, containersOf, docker, PodsUnderTest, requireDocker } from './support.js';

/** busybox httpd serving /www on 8080 in the background, so stopping it leaves the service running. */
const WEB = {
  command: ['sh', '-c', "mkdir -p /www && echo ok > /www/index.html && httpd -p 8080 -h /www; trap 'exit 0' TERM; sleep 3600 & wait"],
  ports: ['8080'],
};

/** The first offered port: what Marathon's portIndex 0 resolves to for the host port of a one-port app. */
const PORT = 31_400;

/**
 * TaskInfo.health_check as Marathon's MesosHttpHealthCheck.toMesos builds it
 * (HealthCheck.scala): portIndex 0 resolved to the task's host port, the
 * scheme, IPv4, and every timing field set from the app's definition.
 */
function marathonHealthCheck(type: 'HTTP' | 'TCP', fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type,
    interval_seconds: 1,
    timeout_seconds: 1,
    consecutive_failures: 2,
    grace_period_seconds: 0,
    delay_seconds: 0,
    ...(type === 'HTTP' ? { http: { scheme: 'http', port: PORT, protocol: 'IPv4', path: '/index.html' } } : { tcp: { port: PORT, protocol: 'IPv4' } }),
    ...fields,
  };
}

const health = (pod: LocalPod, healthy: boolean) => (update: ReceivedUpdate) =>
  update.taskId === pod.taskId && update.state === 'TASK_RUNNING' && update.status.healthy === healthy && update.status.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED';

async function execIn(taskId: string, service: string, command: string[]): Promise<void> {
  const container = (await containersOf(taskId)).find((candidate) => candidate.Labels['com.docker.compose.service'] === service);
  if (!container) throw new Error(`no container of ${service}`);
  const exec = await docker.getContainer(container.Id).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise((resolve) => stream.on('end', resolve).resume());
}

describe("the framework's health checks and checks", function () {
  this.timeout(90_000);
  before(requireDocker);
  const pods = new PodsUnderTest();
  afterEach(() => pods.cleanUp());

  it('reports an HTTP health check healthy, then unhealthy once the service stops answering, and kills the task after consecutive_failures', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: composeFile({ web: WEB }) }], ports: [[PORT, PORT + 9]], healthCheck: marathonHealthCheck('HTTP') });
    const running = await pod.waitForState(['TASK_RUNNING']);
    expect(running.status, 'no verdict before the first run').not.to.have.property('healthy');
    await pod.agent.waitForUpdate(health(pod, true), 20_000);

    await execIn(pod.taskId, 'web', ['killall', 'httpd']);
    const stopped = Date.now();
    const unhealthy = await pod.agent.waitForUpdate(health(pod, false), 20_000);
    // Probed at the container behind the published port: Docker's proxy on the host port would still accept.
    expect(unhealthy.status.message).to.match(/^health check failed 1 time consecutively: GET http:\/\/[0-9.]+:8080\/index\.html: connect ECONNREFUSED/, unhealthy.status.message);
    const killed = await pod.waitForState(['TASK_KILLED'], 20_000);
    console.log(`      httpd stopped -> healthy: false ${unhealthy.receivedAt - stopped} ms, -> TASK_KILLED ${killed.receivedAt - stopped} ms`);
    expect(killed.status.healthy, 'killed for its health, as Mesos says').to.equal(false);
    expect(killed.status.message).to.match(/^health check failed 2 times consecutively/);
    expect(pod.states()).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_RUNNING', 'TASK_RUNNING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
    await pod.finished(20_000);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });

  it('passes a TCP health check on the port the pod publishes', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: composeFile({ web: WEB }) }], ports: [[PORT, PORT + 9]], healthCheck: marathonHealthCheck('TCP') });
    await pod.agent.waitForUpdate(health(pod, true), 30_000);
    await execIn(pod.taskId, 'web', ['killall', 'httpd']);
    const unhealthy = await pod.agent.waitForUpdate(health(pod, false), 20_000);
    expect(unhealthy.status.message).to.match(/connect to [0-9.]+:8080: connect ECONNREFUSED/, unhealthy.status.message);
    pod.kill();
    await pod.finished(20_000);
  });

  it('runs a COMMAND health check in the service the task label names, by docker exec', async () => {
    const ready = { command: ['sh', '-c', "touch /tmp/ready; trap 'exit 0' TERM; sleep 3600 & wait"] };
    const idle = { command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] };
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ api: idle, web: ready }) }],
      labels: { 'compose-executor.check_service': 'web' },
      healthCheck: { type: 'COMMAND', command: { value: 'test -f /tmp/ready' }, interval_seconds: 1, timeout_seconds: 5, consecutive_failures: 3, grace_period_seconds: 0, delay_seconds: 0 },
    });
    await pod.agent.waitForUpdate(health(pod, true), 30_000);
    await execIn(pod.taskId, 'web', ['rm', '/tmp/ready']);
    const unhealthy = await pod.agent.waitForUpdate(health(pod, false), 20_000);
    expect(unhealthy.status.message).to.equal('health check failed 1 time consecutively: command in service web exited with status 1');
    pod.kill();
    await pod.finished(20_000);
  });

  it('refuses a task whose check names a service the pod does not have', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: WEB }) }],
      labels: { 'compose-executor.check_service': 'nope' },
      healthCheck: { type: 'COMMAND', command: { value: 'true' } },
    });
    const failed = await pod.waitForState(['TASK_FAILED']);
    expect(failed.status.message).to.equal('task label compose-executor.check_service: no service nope in the pod (services: web)');
    await pod.finished(20_000);
  });

  it('sends the check status on every update and a TASK_RUNNING when it changes, over protobuf', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: WEB }) }],
      ports: [[PORT, PORT + 9]],
      encoding: 'protobuf',
      check: { type: 'HTTP', http: { port: PORT, path: '/index.html' }, interval_seconds: 1, timeout_seconds: 1, delay_seconds: 0 },
    });
    const running = await pod.waitForState(['TASK_RUNNING']);
    expect(running.status.check_status).to.deep.equal({ type: 'HTTP', http: {} });
    const ok = await pod.agent.waitForUpdate((update) => update.status.reason === 'REASON_TASK_CHECK_STATUS_UPDATED', 20_000);
    expect(ok.status.check_status).to.deep.equal({ type: 'HTTP', http: { status_code: 200 } });
    expect(ok.status, 'a check says nothing of health').not.to.have.property('healthy');
    await execIn(pod.taskId, 'web', ['rm', '/www/index.html']);
    const missing = await pod.agent.waitForUpdate((update) => update.status.check_status?.http?.status_code === 404, 20_000);
    expect(missing.status.reason).to.equal('REASON_TASK_CHECK_STATUS_UPDATED');
    pod.kill();
    const killed = await pod.waitForState(['TASK_KILLED']);
    expect(killed.status.check_status).to.deep.equal({ type: 'HTTP', http: { status_code: 404 } });
    await pod.finished(20_000);
  });
});
