import { expect } from 'chai';
import { LONG_RUNNING, PodsUnderTest, composeFile, readLog, requireDocker } from './support.js';

/** A healthcheck that never passes, so only the launch timeout ends the launch. */
const NEVER_HEALTHY = { test: ['CMD', 'false'], interval: '500ms', timeout: '1s', retries: 1 };

describe('per-task settings through task labels', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const file = { name: 'docker-compose.yml', text: composeFile({ db: { ...LONG_RUNNING, healthcheck: NEVER_HEALTHY } }) };

  it('applies a label override of a config key to that task, and logs it with the launch', async () => {
    const pod = await pods.start({ files: [file], labels: { 'compose-executor.launch_timeout': '2secs' } });

    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);

    expect(failed.status.message).to.match(/^launch timed out after 2s: db is not healthy yet/);
    const launch = (await readLog(pod)).records.flatMap((record) => (record.kind === 'input' && record.input.type === 'mesos.launch' ? [record.input] : []))[0];
    expect(launch).to.deep.include({ settings: { launchTimeoutMs: 2000 } });
  });

  it('matches the key behind a framework prefix', async () => {
    const pod = await pods.start({ files: [file], labels: { 'org.example/compose-executor.launch_timeout': '2secs' } });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.match(/^launch timed out after 2s/);
  });

  it('fails the task on an unknown key, naming the label', async () => {
    const pod = await pods.start({ files: [file], labels: { 'compose-executor.lunch_timeout': '2secs' } });
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.equal(
      'task label compose-executor.lunch_timeout: unknown key lunch_timeout (a task may set kill_grace_period, launch_timeout, unhealthy, unhealthy_grace, cleanup, exact_host_ports)',
    );
    expect(failed.status.reason).to.equal('REASON_TASK_INVALID');
    const launch = (await readLog(pod)).records.flatMap((record) => (record.kind === 'input' && record.input.type === 'mesos.launch' ? [record.input] : []))[0];
    expect(launch, 'the refusal is read once, at ingress, and logged with the launch').to.deep.include({ refusedLabel: failed.status.message });
  });

  it('demands exact host ports when a label says so, and the planner is told through pod.plan', async () => {
    const web = { name: 'docker-compose.yml', text: composeFile({ web: { ...LONG_RUNNING, ports: ['8080:80'] } }) };
    const pod = await pods.start({ files: [web], labels: { 'compose-executor.exact_host_ports': 'true' } });
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.contain('host port 8080 is not offered to the task (offered: 31000-31099); the task demands exact host ports (exact_host_ports)');
    const plan = (await readLog(pod)).records.flatMap((record) => (record.kind === 'command' && record.command.type === 'pod.plan' ? [record.command] : []))[0];
    expect(plan).to.deep.include({ exactHostPorts: true });
  });

  it('fails the task on a bad value, naming the label', async () => {
    const pod = await pods.start({ files: [file], labels: { 'compose-executor.launch_timeout': 'soon' } });
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.equal('task label compose-executor.launch_timeout: launch_timeout: expected a Mesos duration like 3secs or 500ms, got "soon"');
  });

  it("refuses a label that would loosen the operator's policy", async () => {
    const pod = await pods.start({ files: [file], labels: { 'compose-executor.policy.privileged': 'allow' } });
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.contain("policy cannot be set by a task: it is the operator's policy");
  });
});
