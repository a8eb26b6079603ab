import { expect } from 'chai';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, networksOf, requireDocker } from './support.js';

const bridgeFile = [
  'services:',
  '  web:',
  `    image: ${TEST_IMAGE}`,
  `    command: ${JSON.stringify(LONG_RUNNING.command)}`,
  '    networks: [front]',
  'networks:',
  '  front:',
  '    driver_opts: {com.docker.network.bridge.name: br-shop}',
  '',
].join('\n');

describe('networks two pods of one file would clash on', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  after(() => pods.cleanUp());

  it('runs two pods of a file that names its bridge side by side, each bridge named per task', async () => {
    const [a, b] = await Promise.all([
      pods.start({ files: [{ name: 'docker-compose.yml', text: bridgeFile }], ports: [[31470, 31474]] }),
      pods.start({ files: [{ name: 'docker-compose.yml', text: bridgeFile }], ports: [[31475, 31479]] }),
    ]);
    await Promise.all([a.waitForState(['TASK_RUNNING']), b.waitForState(['TASK_RUNNING'])]);
    const bridges = await Promise.all(
      [a, b].map(async (pod) => (await networksOf(pod.taskId)).map((network) => network.Options?.['com.docker.network.bridge.name']).filter((name) => name !== undefined)),
    );
    expect(bridges[0]).to.have.length(1);
    expect(bridges[1]).to.have.length(1);
    expect(bridges[0]![0]).to.match(/^br-[0-9a-f]{8}$/);
    expect(bridges[0]![0]).not.to.equal(bridges[1]![0]);
  });
});
