import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, docker, requireDocker } from './support.js';

const exec = promisify(execFile);

/** A healthcheck that passes once /tmp/ready exists, checked every half second. */
const READY_FILE_CHECK = { test: ['CMD-SHELL', 'test -f /tmp/ready'], interval: '500ms', timeout: '1s', retries: 1 };
const sh = (script: string) => ({ command: ['sh', '-c', `trap 'exit 0' TERM; ${script}`] });

async function configFile(text: string): Promise<string> {
  const file = path.join(tmpdir(), `compose-executor-config-${process.pid}-${Math.random().toString(16).slice(2)}.yml`);
  await writeFile(file, text);
  return file;
}

describe('pod policy on the real engine', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it('creates a service only after the dependency it waits for is healthy', async () => {
    const pod = await pods.start({
      files: [
        {
          name: 'docker-compose.yml',
          text: composeFile({
            db: { ...sh('sleep 2; touch /tmp/ready; sleep 3600 & wait'), healthcheck: READY_FILE_CHECK },
            web: { ...LONG_RUNNING, depends_on: { db: { condition: 'service_healthy' } } },
          }),
        },
      ],
    });
    const running = await pod.waitForState(['TASK_RUNNING'], 30_000);
    expect(running.status.healthy).to.equal(true);

    const byService = Object.fromEntries((await containersOf(pod.taskId)).map((c) => [c.Labels['com.docker.compose.service'], c.Id]));
    const db = await docker.getContainer(byService.db!).inspect();
    const web = await docker.getContainer(byService.web!).inspect();
    const firstPass = db.State.Health!.Log.find((check) => check.ExitCode === 0)!;
    expect(Date.parse(web.Created)).to.be.at.least(Date.parse(firstPass.End));
  });

  it('fails the pod when a one-shot init service fails, and never creates its dependants', async () => {
    const pod = await pods.start({
      files: [
        {
          name: 'docker-compose.yml',
          text: composeFile({
            migrate: { command: ['sh', '-c', 'exit 3'] },
            web: { ...LONG_RUNNING, depends_on: { migrate: { condition: 'service_completed_successfully' } } },
          }),
        },
      ],
    });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.match(/^service migrate exited with code 3; its stopped containers are kept/);
    expect(pod.states()).to.deep.equal(['TASK_STARTING', 'TASK_FAILED']);
  });

  it('fails the pod at the launch timeout when a healthcheck never passes, saying what it waited for', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ db: { ...LONG_RUNNING, healthcheck: READY_FILE_CHECK } }) }],
      env: { COMPOSE_EXECUTOR_CONFIG: await configFile('launch_timeout: 3secs\n') },
    });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.match(/^launch timed out after 3s: db is not healthy yet/);
  });

  it('fails the pod mentioning memory when a container is OOM-killed', async () => {
    const pod = await pods.start({
      files: [
        {
          name: 'docker-compose.yml',
          text: composeFile({
            // `$$` is Compose's way of writing a `$` that is not a variable.
            hog: { command: ['sh', '-c', 'sleep 1; x=$$(head -c 200000000 /dev/zero | tr "\\0" a); sleep 3600'], mem_limit: '16m', memswap_limit: '16m' },
          }),
        },
      ],
    });
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.match(/^service hog exited with code 137 \(out of memory\)/);
    expect(failed.status.reason).to.equal('REASON_CONTAINER_LIMITATION_MEMORY');
  });

  it('lets Docker restart an on-failure:2 service twice, then fails the pod', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ flaky: { command: ['sh', '-c', 'sleep 1; exit 1'], restart: 'on-failure:2' } }) }],
    });
    await pod.waitForState(['TASK_RUNNING'], 30_000);
    const failed = await pod.waitForState(['TASK_FAILED'], 60_000);
    expect(failed.status.message).to.match(/^service flaky exited with code 1 after 2 restarts; its stopped containers are kept/);
  });

  it('reports health going down and back up as TASK_RUNNING updates', async () => {
    const pod = await pods.start({
      files: [
        {
          name: 'docker-compose.yml',
          text: composeFile({
            web: { ...sh('touch /tmp/ready; sleep 3; rm /tmp/ready; sleep 3; touch /tmp/ready; sleep 3600 & wait'), healthcheck: READY_FILE_CHECK },
          }),
        },
      ],
      env: { COMPOSE_EXECUTOR_CONFIG: await configFile('unhealthy: report\n') },
    });
    await pod.agent.waitForUpdate((u) => u.taskId === pod.taskId && u.state === 'TASK_RUNNING' && u.status.healthy === false, 30_000);
    const recovered = await pod.agent.waitForUpdate(
      (u) => u.taskId === pod.taskId && u.state === 'TASK_RUNNING' && u.status.healthy === true && u.status.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
      30_000,
    );
    expect(recovered.status.reason).to.equal('REASON_TASK_HEALTH_CHECK_STATUS_UPDATED');
    const healthValues = pod.agent.updates.filter((u) => u.taskId === pod.taskId && u.state === 'TASK_RUNNING').map((u) => u.status.healthy);
    expect(healthValues).to.deep.equal([true, false, true]);
  });

  it('SIGKILLs a service that ignores SIGTERM once its stop grace period is over', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ stubborn: { command: ['sh', '-c', "trap '' TERM; while true; do sleep 1; done"], stop_grace_period: '1s' } }) }],
      killGracePeriodSeconds: 10,
    });
    await pod.waitForState(['TASK_RUNNING']);
    const started = Date.now();
    pod.kill();
    await pod.waitForState(['TASK_KILLED'], 20_000);
    const took = Date.now() - started;
    expect(took).to.be.within(900, 6000);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });

  it('notices a container removed from outside through the reconciliation', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING }) }],
      env: { COMPOSE_EXECUTOR_CONFIG: await configFile('reconcile_interval: 500ms\n') },
    });
    await pod.waitForState(['TASK_RUNNING']);
    const [web] = await containersOf(pod.taskId);
    // Pausing hides nothing from Docker's events; removing a paused container's record does: --force after pause.
    await exec('docker', ['rm', '--force', web!.Id]);
    const failed = await pod.waitForState(['TASK_FAILED'], 20_000);
    expect(failed.status.message).to.match(/^service web (exited with code 137|: its container disappeared)/);
  });
});
