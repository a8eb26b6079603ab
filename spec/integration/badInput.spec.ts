import { expect } from 'chai';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, networksOf, readLog, requireDocker } from './support.js';

describe('a pod that cannot start', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  async function failure(files: Array<{ name: string; text: string }>, labels: Record<string, string> = {}) {
    const pod = await pods.start({ files, labels });
    const failed = await pod.waitForState(['TASK_FAILED']);
    const exit = await pod.finished(20_000);
    expect(exit.code, 'the executor exits 0 after reporting the failure').to.equal(0);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
    await readLog(pod);
    return { message: String(failed.status.message), reason: failed.status.reason, states: pod.states() };
  }

  it('names the image when no registry has it', async () => {
    // The loopback registry started by scripts/docker-env.sh: tests never reach out to Docker Hub.
    const missing = '127.0.0.1:5000/compose-executor/no-such-image:1';
    const result = await failure([
      { name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, image: missing, depends_on: ['db'] } }) },
    ]);
    expect(result.message).to.match(/^service web: image 127\.0\.0\.1:5000\/compose-executor\/no-such-image:1: pull failed: .*(not found|unknown)/);
    expect(result.reason).to.equal('REASON_CONTAINER_LAUNCH_FAILED');
    expect(result.states).to.deep.equal(['TASK_STARTING', 'TASK_FAILED']);
  });

  it('names the file and line of a YAML syntax error', async () => {
    const result = await failure([{ name: 'docker-compose.yml', text: 'services:\n  web:\n    image: [unclosed\n' }]);
    expect(result.message).to.match(/^docker-compose\.yml: /);
    expect(result.message).to.match(/line \d+/);
    expect(result.reason).to.equal('REASON_TASK_INVALID');
  });

  it('names the file when the fileName label points at nothing', async () => {
    const result = await failure([{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING }) }], {
      fileName: 'docker-compose.yml,missing-override.yml',
    });
    expect(result.message).to.contain('missing-override.yml: file not found in the sandbox');
  });
});
