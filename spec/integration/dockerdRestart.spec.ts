import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PodsUnderTest, composeFile, containersOf, docker, networksOf, readLog, requireDocker } from './support.js';

const DOCKER_ENV = fileURLToPath(new URL('../../scripts/docker-env.sh', import.meta.url));
const run = promisify(execFile);

const engineAnswers = () => docker.ping().then(() => true, () => false);

/** Starts dockerd as scripts/docker-env.sh does (it clears a stale pid file first), and waits for `docker info`. */
async function startDockerd(): Promise<void> {
  if (await engineAnswers()) return;
  await run('bash', [DOCKER_ENV], { timeout: 90_000 });
}

/** SIGKILL, not a clean stop: the daemon gets no chance to tell anyone, as when it crashes. */
async function killDockerd(): Promise<void> {
  const pid = Number((await readFile('/var/run/docker.pid', 'utf8')).trim());
  process.kill(pid, 'SIGKILL');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; alive() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(alive(), `dockerd ${pid} outlived SIGKILL`).to.equal(false);
}

describe('dockerd restarted under a running pod', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  // The rest of the suite needs the engine, whatever happened here.
  after(startDockerd);
  afterEach(async () => {
    await startDockerd();
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

    await killDockerd();
    await startDockerd();
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
});
