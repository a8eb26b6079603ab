import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { LocalPodOptions } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, docker, networksOf, requireDocker } from './support.js';

/** A pod with its own network beside the default one and a named volume: all three kinds a teardown must remove. */
function podFile(web: Record<string, unknown>, db: Record<string, unknown> = {}): string {
  return JSON.stringify({
    services: {
      db: { image: TEST_IMAGE, ...LONG_RUNNING, volumes: ['data:/data'], networks: ['default', 'backend'], ...db },
      web: { image: TEST_IMAGE, depends_on: ['db'], networks: ['backend'], ...web },
    },
    networks: { backend: {} },
    volumes: { data: {} },
  });
}

async function volumesOf(taskId: string): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({ filters: JSON.stringify({ label: [`taskId=${taskId}`] }) });
  return (Volumes ?? []).map((volume) => volume.Name);
}

async function whatIsLeft(taskId: string) {
  return { containers: (await containersOf(taskId)).length, networks: (await networksOf(taskId)).length, volumes: (await volumesOf(taskId)).length };
}

const nothing = { containers: 0, networks: 0, volumes: 0 };

/** As Marathon launches it by default: no executor resources, on an agent with the cgroups isolators. */
const destroyingAgent: Partial<LocalPodOptions> = { isolation: 'cgroups', executorResources: null, frameworkCapabilities: [] };

describe('an executor the agent destroys right after its terminal update', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  const cases = [
    { ending: 'killed', state: 'TASK_KILLED', file: podFile(LONG_RUNNING), labels: {} },
    // A failed pod's containers are kept for inspection by default; here the task asks for them to go.
    { ending: 'failed', state: 'TASK_FAILED', file: podFile({ command: ['sh', '-c', 'sleep 1; exit 3'] }), labels: { 'compose-executor.cleanup.failed': 'remove' } },
    { ending: 'finished', state: 'TASK_FINISHED', file: podFile({ command: ['sh', '-c', 'sleep 1; exit 0'] }, { 'x-essential': false }), labels: {} },
  ] as const;

  for (const { ending, state, file, labels } of cases) {
    it(`leaves no container, network or volume of a ${ending} pod`, async () => {
      const pod = await pods.start({ ...destroyingAgent, files: [{ name: 'docker-compose.yml', text: file }], labels });
      await pod.waitForState(['TASK_RUNNING']);
      if (ending === 'killed') pod.kill();
      await pod.waitForState([state], 30_000);
      const exit = await pod.finished(10_000);

      expect(exit.destroyed).to.equal(true);
      expect(exit.signal).to.equal('SIGKILL');
      expect(pod.states().at(-1)).to.equal(state);
      expect(await whatIsLeft(pod.taskId)).to.deep.equal(nothing);
    });
  }

  it('still reports a failure at once when the executor has resources, and removes the pod after', async () => {
    const pod = await pods.start({
      isolation: 'cgroups',
      files: [{ name: 'docker-compose.yml', text: podFile({ command: ['sh', '-c', 'sleep 1; exit 3'] }) }],
      labels: { 'compose-executor.cleanup.failed': 'remove' },
    });
    await pod.waitForState(['TASK_RUNNING']);
    await pod.waitForState(['TASK_FAILED'], 30_000);
    // Told before the db was stopped: its container still runs when the agent has the failure.
    expect((await containersOf(pod.taskId)).some((container) => container.State === 'running')).to.equal(true);
    const exit = await pod.finished(20_000);
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(await whatIsLeft(pod.taskId)).to.deep.equal(nothing);
  });

  it('keeps a failed pod a destroyed executor kept for inspection when the next executor starts, as gc keeps it', async () => {
    const agentId = `${randomUUID()}-S0`;
    const failed = await pods.start({ ...destroyingAgent, agentId, files: [{ name: 'docker-compose.yml', text: podFile({ command: ['sh', '-c', 'sleep 1; exit 3'] }) }] });
    const update = await failed.waitForState(['TASK_FAILED'], 30_000);
    expect((await failed.finished(10_000)).destroyed).to.equal(true);
    expect(update.status.message).to.contain('its stopped containers are kept for');
    const kept = await containersOf(failed.taskId);
    expect(kept.map((container) => container.State)).to.deep.equal(['exited', 'exited']);

    const next = await pods.start({ agentId, files: [{ name: 'docker-compose.yml', text: JSON.stringify({ services: { one: { image: TEST_IMAGE, ...LONG_RUNNING } } }) }] });
    await next.waitForState(['TASK_RUNNING']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await containersOf(failed.taskId)).map((container) => container.Id).sort()).to.deep.equal(kept.map((container) => container.Id).sort());
    next.kill();
    await next.finished(20_000);
  });

  it('has what a destroyed executor left removed by the next executor that starts on the agent', async () => {
    const agentId = `${randomUUID()}-S0`;
    const first = await pods.start({ agentId, files: [{ name: 'docker-compose.yml', text: podFile(LONG_RUNNING) }] });
    await first.waitForState(['TASK_RUNNING']);
    // Destroyed mid-run, as by a failed resource update or an OOM of the executor's container.
    first.executor.child.kill('SIGKILL');
    await first.finished(10_000);
    expect((await whatIsLeft(first.taskId)).containers).to.equal(2);

    const elsewhere = await pods.start({ files: [{ name: 'docker-compose.yml', text: JSON.stringify({ services: { one: { image: TEST_IMAGE, ...LONG_RUNNING } } }) }] });
    await elsewhere.waitForState(['TASK_RUNNING']);
    // An executor of another agent leaves it alone.
    expect((await whatIsLeft(first.taskId)).containers).to.equal(2);

    const next = await pods.start({ agentId, files: [{ name: 'docker-compose.yml', text: JSON.stringify({ services: { one: { image: TEST_IMAGE, ...LONG_RUNNING } } }) }] });
    await next.waitForState(['TASK_RUNNING']);
    const deadline = Date.now() + 15_000;
    while (JSON.stringify(await whatIsLeft(first.taskId)) !== JSON.stringify(nothing) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await whatIsLeft(first.taskId)).to.deep.equal(nothing);
    // Its own pod is untouched.
    expect((await containersOf(next.taskId)).map((container) => container.State)).to.deep.equal(['running']);
    next.kill();
    elsewhere.kill();
    await Promise.all([next.finished(20_000), elsewhere.finished(20_000)]);
  });
});
