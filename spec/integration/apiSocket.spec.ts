import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PodsUnderTest, composeFile, requireDocker } from './support.js';

describe('use_api_socket on the real engine', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const file = composeFile({ ctl: { use_api_socket: true, command: ['sh', '-c', "test -S /var/run/docker.sock && echo engine socket bound; trap 'exit 0' TERM; sleep 3600 & wait"] } });

  it('binds the Engine\'s socket into the container once policy.docker_socket allows it', async () => {
    const config = path.join(tmpdir(), `compose-executor-config-${process.pid}-socket.yml`);
    await writeFile(config, 'policy:\n  docker_socket: allow\n');
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: file }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
    await pod.waitForState(['TASK_RUNNING']);
    const deadline = Date.now() + 10_000;
    let log = '';
    while (!log.includes('engine socket bound') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      log = await readFile(path.join(pod.sandbox, 'logs', 'ctl.stdout'), 'utf8').catch(() => '');
    }
    expect(log).to.contain('engine socket bound');
  });

  it('fails the task naming policy.docker_socket by default', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: file }] });
    const failed = await pod.waitForState(['TASK_FAILED']);
    expect(String(failed.status?.message)).to.contain('services.ctl.use_api_socket').and.to.contain('(policy.docker_socket)');
  });
});
