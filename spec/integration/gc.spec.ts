import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, composeFile, containersOf, docker, networksOf, requireDocker } from './support.js';

const exec = promisify(execFile);

describe('compose-executor gc', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const file = { name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) };

  it('removes what a SIGKILLed executor left behind, and spares running pods and foreign containers', async () => {
    const orphan = await pods.start({ files: [file] });
    const alive = await pods.start({ files: [file] });
    await Promise.all([orphan.waitForState(['TASK_RUNNING']), alive.waitForState(['TASK_RUNNING'])]);
    const foreign = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '60'], Labels: { taskId: 'not-ours' } });

    try {
      orphan.executor.child.kill('SIGKILL');
      await orphan.executor.exited;
      expect(await containersOf(orphan.taskId)).to.have.length(2);

      const { stdout } = await exec(process.execPath, [EXECUTOR_BIN, 'gc']);

      expect(stdout).to.contain(`removed container ${orphan.taskId}_db (task ${orphan.taskId})`);
      expect(stdout).to.contain(`removed container ${orphan.taskId}_web (task ${orphan.taskId})`);
      expect(stdout).to.contain(`removed network ${orphan.taskId}_default (task ${orphan.taskId})`);
      expect(stdout).not.to.contain(alive.taskId);
      expect(await containersOf(orphan.taskId)).to.be.empty;
      expect(await networksOf(orphan.taskId)).to.be.empty;
      expect(await containersOf(alive.taskId)).to.have.length(2);
      expect((await docker.getContainer(foreign.id).inspect()).Id).to.equal(foreign.id);
    } finally {
      await foreign.remove({ force: true });
    }
  });

  it('only lists what it would remove with --dry-run', async () => {
    const orphan = await pods.start({ files: [file] });
    await orphan.waitForState(['TASK_RUNNING']);
    orphan.executor.child.kill('SIGKILL');
    await orphan.executor.exited;

    const { stdout } = await exec(process.execPath, [EXECUTOR_BIN, 'gc', '--dry-run']);

    expect(stdout).to.contain(`would remove container ${orphan.taskId}_db (task ${orphan.taskId})`);
    expect(await containersOf(orphan.taskId)).to.have.length(2);
  });

  it('keeps a failed pod for its retention, then removes it', async () => {
    const config = path.join(tmpdir(), `gc-spec-${process.pid}.yml`);
    await writeFile(config, 'cleanup:\n  kept_for: 2secs\n');
    const pod = await pods.start({ files: [file], env: { COMPOSE_EXECUTOR_CONFIG: config } });
    await pod.waitForState(['TASK_RUNNING']);
    const db = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'db')!;
    await exec('docker', ['kill', db.Id]);
    const failed = await pod.waitForState(['TASK_FAILED']);
    await pod.finished(20_000);
    expect(failed.status.message).to.contain('its stopped containers are kept for 2s');

    const early = await exec(process.execPath, [EXECUTOR_BIN, 'gc', '--config', config]);
    expect(early.stdout).to.contain(`keeping task ${pod.taskId} for inspection`);
    expect(await containersOf(pod.taskId)).to.have.length(2);

    await new Promise((resolve) => setTimeout(resolve, 2500));
    const late = await exec(process.execPath, [EXECUTOR_BIN, 'gc', '--config', config]);
    expect(late.stdout, late.stdout).to.contain(`removed container ${pod.taskId}_db`);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
  });
});
