import { expect } from 'chai';
import { PodsUnderTest, TEST_IMAGE, containersOf, readLog, requireDocker } from './support.js';

const lines = (...text: string[]) => [...text, ''].join('\n');

describe('a pre_stop hook inside the Mesos kill grace', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it("gives the container's stop what the pre_stop left of the grace, so the kill ends within it", async () => {
    const text = lines(
      'services:',
      '  web:',
      `    image: ${TEST_IMAGE}`,
      // Ignores SIGTERM: only the stop's SIGKILL, or the forced removal at the grace's end, ends it.
      `    command: ["sh", "-c", "trap '' TERM; sleep 3600 & wait"]`,
      '    stop_grace_period: 30s',
      '    pre_stop:',
      '      - command: ["sh", "-c", "sleep 2"]',
    );
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    await pod.waitForState(['TASK_RUNNING'], 40_000);
    const killed = Date.now();
    pod.kill(3);
    await pod.waitForState(['TASK_KILLED'], 30_000);
    const tookMs = Date.now() - killed;
    await pod.finished(20_000);

    const log = await readLog(pod);
    const hook = log.records.flatMap((r) => (r.kind === 'input' && r.input.type === 'container.hook_done' ? [r.input.tookMs ?? 0] : []));
    const stops = log.records.flatMap((r) => (r.kind === 'command' && r.command.type === 'container.stop' ? [r.command.graceSeconds] : []));
    expect(hook).to.have.length(1);
    expect(hook[0]).to.be.within(1900, 2900);
    expect(stops, 'the stop got the 3 s grace less the 2 s the pre_stop took').to.deep.equal([1]);
    // The container's end, by the log's times, from the kill to Docker's death event: within the 3 s grace and the latency of a loaded host.
    const at = (type: string) => Date.parse(log.records.find((r) => r.kind === 'input' && r.input.type === type)?.at ?? '');
    expect(at('container.died') - at('mesos.kill')).to.be.below(3500);
    // Then the removals and TASK_KILLED.
    expect(tookMs).to.be.below(6000);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });
});
