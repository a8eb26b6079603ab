import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LONG_RUNNING, PodsUnderTest, containersOf, docker, networksOf, requireDocker, TEST_IMAGE } from './support.js';

describe('a pod with its own volumes and networks', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const volumesOf = async (taskId: string) =>
    (await docker.listVolumes({ filters: JSON.stringify({ label: [`taskId=${taskId}`] }) })).Volumes ?? [];

  it('shares a named volume between services, joins several networks, and removes all of it when killed', async () => {
    const text = `
services:
  writer:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo written > /data/file; trap 'exit 0' TERM; sleep 3600 & wait"]
    volumes: ["data:/data"]
    networks: [front, back]
  reader:
    image: ${TEST_IMAGE}
    depends_on: [writer]
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    volumes: ["data:/data:ro"]
    networks: [back]
volumes:
  data: {}
networks:
  front: {}
  back: {}
`;
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    await pod.waitForState(['TASK_RUNNING']);

    const networks = (await networksOf(pod.taskId)).map((network) => network.Name).sort();
    expect(networks).to.deep.equal([`${pod.taskId}_back`, `${pod.taskId}_front`]);
    const reader = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'reader')!;
    const exec = await docker.getContainer(reader.Id).exec({ Cmd: ['cat', '/data/file'], AttachStdout: true });
    const output = await new Promise<string>((resolve, reject) => {
      exec.start({}, (error, stream) => {
        if (error || !stream) return reject(error);
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => resolve(text));
      });
    });
    expect(output).to.contain('written');
    const writer = await docker.getContainer((await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'writer')!.Id).inspect();
    expect(Object.keys(writer.NetworkSettings.Networks).sort()).to.deep.equal([`${pod.taskId}_back`, `${pod.taskId}_front`]);
    expect((await volumesOf(pod.taskId)).map((volume) => volume.Name)).to.deep.equal([`${pod.taskId}_data`]);

    pod.kill();
    await pod.waitForState(['TASK_KILLED'], 20_000);
    await pod.finished(20_000);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await networksOf(pod.taskId)).to.be.empty;
    expect(await volumesOf(pod.taskId)).to.be.empty;
  });

  it('joins the network namespace of a container outside the pod when the operator allows it', async () => {
    const outside = await docker.createContainer({ Image: TEST_IMAGE, name: `outside-${process.pid}`, Cmd: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] });
    await outside.start();
    const config = path.join(tmpdir(), `external-containers-${process.pid}.yml`);
    await writeFile(config, 'policy:\n  external_containers: allow\n');
    try {
      const text = `services:\n  probe:\n    image: ${TEST_IMAGE}\n    network_mode: container:outside-${process.pid}\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`;
      const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
      await pod.waitForState(['TASK_RUNNING']);
      const [probe] = await containersOf(pod.taskId);
      // Docker resolves the name the file gave to the container's id.
      expect((await docker.getContainer(probe!.Id).inspect()).HostConfig.NetworkMode).to.equal(`container:${outside.id}`);
      pod.kill();
      await pod.finished(20_000);
      expect((await outside.inspect()).State.Running, 'the outside container is not the pod\'s to stop').to.equal(true);
    } finally {
      await outside.remove({ force: true });
    }
  });
});
