import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type EngineProcess, crashEngine, restoreEngine, runningEngine } from '../support/dockerEngine.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, composeFile, containersOf, docker, networksOf, readLog, requireDocker } from './support.js';

const run = promisify(execFile);

describe('dockerd restarted under a running pod', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  let found: EngineProcess;
  before(async () => {
    await requireDocker();
    found = runningEngine();
  });
  // The rest of the suite needs the engine, the user's own, whatever happened here.
  afterEach(async () => {
    await restoreEngine();
    await pods.cleanUp();
  });

  it('fails the pod naming the service the restart killed, with every Docker event in the log and nothing left', async () => {
    const sandboxConfig = path.join(tmpdir(), `dockerd-restart-${process.pid}.yml`);
    // Removed even though failed, so "nothing left" is checkable; the period is long so the event stream must tell the death.
    await writeFile(sandboxConfig, 'cleanup:\n  failed: remove\nreconcile_interval: 120secs\n');
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: { command: ['sh', '-c', "trap 'exit 3' TERM; sleep 3600 & wait"] } }) }],
      env: { COMPOSE_EXECUTOR_CONFIG: sandboxConfig },
    });
    await pod.waitForState(['TASK_RUNNING']);

    await crashEngine();
    await restoreEngine();
    // Without live-restore, the daemon stops the containers it finds still running as it comes back.
    const failed = await pod.waitForState(['TASK_FAILED'], 40_000);
    expect(failed.status.message).to.match(/^service web exited with code [1-9]\d*/);
    expect((await pod.finished(20_000)).code).to.equal(0);

    const left = await containersOf(pod.taskId);
    expect(left.map((container) => `${container.Names[0]} ${container.State}`), 'containers left after the executor exited').to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
    const inputs = (await readLog(pod)).records.flatMap((record) => (record.kind === 'input' ? [record.input] : []));
    const types = inputs.map((input) => input.type);
    expect(types).to.include.members(['docker.disconnected', 'docker.reconnected']);
    const died = inputs.find((input) => input.type === 'container.died');
    expect(died, 'the death of web is in the log').to.include({ service: 'web' });
    expect(died).to.not.have.property('reconciled');
    expect(types.indexOf('docker.reconnected')).to.be.below(types.indexOf('container.died'));
  });

  it('leaves the engine as it found it: the same daemon, healthchecks and docker exec working, a service_healthy pod running', async () => {
    await crashEngine();
    await restoreEngine();

    const restored = runningEngine();
    expect(restored.pid).to.not.equal(found.pid);
    expect(restored.argv).to.deep.equal(found.argv);
    expect(restored.env).to.deep.equal(found.env);
    expect(restored.cwd).to.equal(found.cwd);
    // The run's temporary directory is removed when the run ends: a daemon that kept it would lose runc's exec files.
    expect(restored.env.filter((entry) => entry.includes(tmpdir())), 'the test run leaked into the engine').to.be.empty;

    const container = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'touch /tmp/ready; sleep 3600'],
      Labels: { 'compose-executor.spec': 'dockerd-restart' },
      Healthcheck: { Test: ['CMD', 'test', '-f', '/tmp/ready'], Interval: 200_000_000, Retries: 3 },
      HostConfig: { AutoRemove: false },
    });
    try {
      await container.start();
      const { stdout } = await run('docker', ['exec', container.id, 'echo', 'exec works'], { timeout: 20_000 });
      expect(stdout.trim()).to.equal('exec works');
      let health: string | undefined;
      for (let waited = 0; health !== 'healthy' && waited < 10_000; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        health = (await container.inspect()).State.Health?.Status;
      }
      expect(health, 'the healthcheck of a container started after the restart').to.equal('healthy');
    } finally {
      await container.remove({ force: true });
    }

    const pod = await pods.start({
      files: [
        {
          name: 'docker-compose.yml',
          text: composeFile({
            db: { ...LONG_RUNNING, healthcheck: { test: ['CMD', 'true'], interval: '200ms', retries: 3 } },
            web: { ...LONG_RUNNING, depends_on: { db: { condition: 'service_healthy' } } },
          }),
        },
      ],
    });
    const running = await pod.waitForState(['TASK_RUNNING', 'TASK_FAILED'], 20_000);
    expect(running.state, running.status.message).to.equal('TASK_RUNNING');
    expect(running.status.healthy).to.equal(true);
  });
});
