import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { containerProcesses } from '../../src/adapters/containerProcesses.js';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { freezeEngine, restoreEngine } from '../support/dockerEngine.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, networksOf, requireDocker } from './support.js';

const exec = promisify(execFile);

/** Alive: present in /proc and not a zombie waiting for its parent. */
const running = (pid: number): boolean => {
  if (!existsSync(`/proc/${pid}`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
};

describe('a Docker engine that stops answering', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  // Before the pods' cleanup, which needs the engine: the rest of the suite needs it too.
  afterEach(restoreEngine);
  afterEach(() => pods.cleanUp());

  const GRACE_MS = 2000;
  const DOCKER_TIMEOUT_MS = 4000;

  it('ends the pod processes itself on KILL, says the engine did not answer, and exits within grace plus a margin', async () => {
    const config = path.join(tmpdir(), `hung-docker-${process.pid}.yml`);
    await writeFile(config, `docker_timeout: ${DOCKER_TIMEOUT_MS / 1000}secs\n`);
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) }],
      killGracePeriodSeconds: GRACE_MS / 1000,
      env: { COMPOSE_EXECUTOR_CONFIG: config },
    });
    await pod.waitForState(['TASK_RUNNING']);
    const containers = (await containersOf(pod.taskId)).map((container) => container.Id);
    const pids = (await Promise.all(containers.map((id) => containerProcesses(id)))).flat();
    expect(pids.length).to.be.at.least(4);

    freezeEngine();
    const killedAt = Date.now();
    pod.kill();
    // The removal and then the network's removal each wait out the call timeout; ending processes and exiting take a few seconds more.
    const terminal = await pod.waitForState(['TASK_KILLED', 'TASK_FAILED'], GRACE_MS + 3 * DOCKER_TIMEOUT_MS);
    const reportedAfter = Date.now() - killedAt;
    await pod.finished(10_000);
    const exitedAfter = Date.now() - killedAt;

    expect(terminal.state).to.equal('TASK_KILLED');
    expect(terminal.status.message).to.contain('the Docker engine did not answer within 4s; the executor ended its');
    expect(reportedAfter).to.be.below(GRACE_MS + 3 * DOCKER_TIMEOUT_MS);
    expect(exitedAfter).to.be.below(GRACE_MS + 3 * DOCKER_TIMEOUT_MS + 6000);
    expect(pids.filter(running), 'pod processes still running').to.be.empty;
    for (const id of containers) expect(await containerProcesses(id)).to.be.empty;

    await restoreEngine();
    const gcConfig = path.join(tmpdir(), `hung-docker-gc-${process.pid}.yml`);
    await writeFile(gcConfig, 'cleanup:\n  kept_for: 0secs\n');
    await exec(process.execPath, [EXECUTOR_BIN, 'gc'], { env: { ...process.env, COMPOSE_EXECUTOR_CONFIG: gcConfig } });
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
  });
});
