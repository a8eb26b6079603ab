import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, docker, networksOf, readLog, requireDocker } from './support.js';

const exec = promisify(execFile);

describe('a pod launched through the Mesos executor API', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const webAndDb = composeFile({
    db: LONG_RUNNING,
    web: { ...LONG_RUNNING, depends_on: ['db'], environment: { ROLE: 'web', DB_PASSWORD: 'hunter2' }, labels: { team: 'payments' } },
    sidecar: { ...LONG_RUNNING, network_mode: 'service:web' },
  });

  it('runs, is killed, and leaves no container or network behind', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: webAndDb }], labels: { app: 'shop' } });
    await pod.waitForState(['TASK_RUNNING']);

    const containers = await containersOf(pod.taskId);
    expect(containers.map((c) => c.Labels['com.docker.compose.service']).sort()).to.deep.equal(['db', 'sidecar', 'web']);
    for (const container of containers) {
      expect(container.State).to.equal('running');
      expect(container.Labels).to.include({
        taskId: pod.taskId,
        executorId: pod.agent.executorId,
        app: 'shop',
        fileName: 'docker-compose.yml',
      });
    }
    const web = await docker.getContainer(containers.find((c) => c.Labels['com.docker.compose.service'] === 'web')!.Id).inspect();
    expect(web.Config.Env).to.include('ROLE=web');
    expect(web.Config.Env, 'the container gets the secret').to.include('DB_PASSWORD=hunter2');
    expect(await readFile(path.join(pod.sandbox, 'events.jsonl'), 'utf8'), 'the event log does not').not.to.contain('hunter2');
    expect(web.Config.Labels).to.include({ team: 'payments' });
    const sidecar = await docker.getContainer(containers.find((c) => c.Labels['com.docker.compose.service'] === 'sidecar')!.Id).inspect();
    expect(sidecar.HostConfig.NetworkMode).to.equal(`container:${web.Id}`);
    // The project label is what `docker ps --filter label=com.docker.compose.project=...` finds the pod by.
    const { stdout } = await exec('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${containers[0]!.Labels['com.docker.compose.project']}`]);
    expect(stdout.trim().split('\n')).to.have.length(3);

    pod.kill();
    await pod.waitForState(['TASK_KILLED']);
    const exit = await pod.finished(20_000);

    expect(exit.code).to.equal(0);
    expect(pod.states()).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
    const log = await readLog(pod);
    expect(log.records.some((r) => r.kind === 'input' && r.input.type === 'mesos.kill')).to.equal(true);
  });

  it('fails the pod, naming the service, when a container is killed from outside, and keeps it stopped for inspection', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: webAndDb }] });
    await pod.waitForState(['TASK_RUNNING']);
    const db = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'db')!;

    await exec('docker', ['kill', db.Id]);
    const failed = await pod.waitForState(['TASK_FAILED']);
    const exit = await pod.finished(20_000);

    expect(failed.status.message).to.equal(
      `service db exited with code 137; its stopped containers are kept for 1h (docker ps -a --filter label=taskId=${pod.taskId}), ` +
        'then compose-executor gc removes them',
    );
    expect(exit.code).to.equal(0);
    const kept = await containersOf(pod.taskId);
    expect(kept.map((c) => c.Labels['com.docker.compose.service']).sort()).to.deep.equal(['db', 'sidecar', 'web']);
    expect(kept.map((c) => `${c.Labels['com.docker.compose.service']}:${c.State}`).sort(), 'every kept container is stopped').to.deep.equal(['db:exited', 'sidecar:exited', 'web:exited']);
  });

  it('runs two pods from the same compose file side by side', async () => {
    const published = composeFile({ web: { ...LONG_RUNNING, ports: ['80'] } });
    const first = await pods.start({ files: [{ name: 'docker-compose.yml', text: published }], ports: [[31200, 31209]] });
    const second = await pods.start({ files: [{ name: 'docker-compose.yml', text: published }], ports: [[31210, 31219]] });
    await Promise.all([first.waitForState(['TASK_RUNNING']), second.waitForState(['TASK_RUNNING'])]);

    const [a] = await containersOf(first.taskId);
    const [b] = await containersOf(second.taskId);
    expect(a!.Names[0]).not.to.equal(b!.Names[0]);
    expect(a!.Ports.map((p) => p.PublicPort)).to.include(31200);
    expect(b!.Ports.map((p) => p.PublicPort)).to.include(31210);

    first.kill();
    second.kill();
    await Promise.all([first.finished(20_000), second.finished(20_000)]);
    expect(first.states().at(-1)).to.equal('TASK_KILLED');
    expect(second.states().at(-1)).to.equal('TASK_KILLED');
  });

  it('shuts every task down on SHUTDOWN and exits', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: webAndDb }] });
    await pod.waitForState(['TASK_RUNNING']);
    pod.agent.shutdown();
    const exit = await pod.finished(10_000);
    expect(exit.code).to.equal(0);
    expect(pod.states().at(-1)).to.equal('TASK_KILLED');
    expect(await containersOf(pod.taskId)).to.be.empty;
  });
});
