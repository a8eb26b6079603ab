import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, requireDocker } from './support.js';

/** A file as people write it for a laptop: a fixed host port and a container_name, and a peer that uses the name. */
const file = [
  'services:',
  '  web:',
  `    image: ${TEST_IMAGE}`,
  '    container_name: shop-web',
  '    ports: ["80:80"]',
  `    command: ${JSON.stringify(LONG_RUNNING.command)}`,
  '  probe:',
  `    image: ${TEST_IMAGE}`,
  '    depends_on: [web]',
  `    command: ["sh", "-c", "until ping -c1 -W1 shop-web >/dev/null 2>&1; do sleep 0.2; done; echo resolved shop-web; trap 'exit 0' TERM; sleep 3600 & wait"]`,
  '',
].join('\n');

const logOf = async (pod: LocalPod, service: string): Promise<string> => readFile(path.join(pod.sandbox, 'logs', `${service}.stdout`), 'utf8').catch(() => '');

const eventually = async (check: () => Promise<boolean>, ms: number): Promise<boolean> => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) if (await check()) return true;
  return check();
};

describe('compose files written for a laptop, on Mesos', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  after(() => pods.cleanUp());

  it('runs two pods of one file with "80:80" and container_name side by side, each on its offered port, the name resolving within each pod', async () => {
    const [a, b] = await Promise.all([
      pods.start({ files: [{ name: 'docker-compose.yml', text: file }], ports: [[31460, 31464]] }),
      pods.start({ files: [{ name: 'docker-compose.yml', text: file }], ports: [[31465, 31469]] }),
    ]);
    await Promise.all([a.waitForState(['TASK_RUNNING']), b.waitForState(['TASK_RUNNING'])]);

    for (const [pod, port] of [[a, 31460], [b, 31465]] as const) {
      const ports = JSON.parse(await readFile(path.join(pod.sandbox, 'ports.json'), 'utf8'));
      expect(ports.ports).to.deep.equal([{ service: 'web', containerPort: 80, protocol: 'tcp', hostPort: port }]);
      const warned = pod.agent.updates.find((update) => update.taskId === pod.taskId && update.state === 'TASK_STARTING' && String(update.status?.message ?? '').includes('compose warning'));
      expect(String(warned?.status?.message)).to.contain(`services.web.ports[0]: host port 80 is not offered to the task: published on ${port} instead`);
      const names = (await containersOf(pod.taskId)).map((container) => container.Names[0]).sort();
      expect(names).to.include(`/${pod.taskId}_shop-web`);
      expect(await eventually(async () => (await logOf(pod, 'probe')).includes('resolved shop-web'), 15_000), `${pod.taskId}: the probe resolves shop-web`).to.equal(true);
    }
  });
});
