import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, requireDocker } from './support.js';

const exec = promisify(execFile);

describe('essential and non-essential services on the real engine', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const withSidecar = composeFile({ web: LONG_RUNNING, metrics: { ...LONG_RUNNING, 'x-essential': false } });

  it('keeps the pod running when a non-essential sidecar is killed, and tells Mesos', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: withSidecar }] });
    await pod.waitForState(['TASK_RUNNING']);
    const metrics = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'metrics')!;

    await exec('docker', ['kill', metrics.Id]);
    const report = await pod.agent.waitForUpdate((u) => u.taskId === pod.taskId && u.state === 'TASK_RUNNING' && u.status.message !== undefined, 20_000);

    expect(report.status.message).to.equal('service metrics exited with code 137; it is not essential, so the pod goes on');
    const web = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'web')!;
    expect(web.State).to.equal('running');
    expect(pod.states()).not.to.include('TASK_FAILED');
  });

  it('fails the pod when an essential service is killed', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: withSidecar }] });
    await pod.waitForState(['TASK_RUNNING']);
    const web = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'web')!;
    await exec('docker', ['kill', web.Id]);
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.match(/^service web exited with code 137; its stopped containers are kept for 1h/);
  });

  it('finishes a batch pod whose services all exit 0', async () => {
    const batch = composeFile({ extract: { command: ['sh', '-c', 'sleep 1'] }, load: { command: ['sh', '-c', 'sleep 2'] } });
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: batch }] });
    const finished = await pod.waitForState(['TASK_FINISHED'], 30_000);
    const exit = await pod.finished(20_000);
    expect(finished.status.message).to.equal('every essential service completed');
    expect(exit.code).to.equal(0);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });
});
