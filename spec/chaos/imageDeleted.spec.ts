import { expect } from 'chai';
import { PodsUnderTest, LONG_RUNNING, TEST_IMAGE, containersOf, docker, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, pause, report, suiteTimeout } from './chaosRuns.js';
import { leftCount, removeConfig, writeConfig } from './podTraces.js';

const RUNS = chaosRuns(3);

/** A tag of the test image for one run, in the loopback registry's name, which does not hold it: a pull after the deletion fails at once. */
const runImage = (run: number) => `127.0.0.1:5000/compose-executor/busybox:chaos-${process.pid}-${run}`;

const composeFor = (image: string) => JSON.stringify({
  services: { db: { image, ...LONG_RUNNING }, web: { image, ...LONG_RUNNING, depends_on: ['db'] } },
});

describe('chaos: the image deleted while the pod launches', function () {
  this.timeout(suiteTimeout(RUNS, 20_000));
  const pods = new PodsUnderTest();
  const seed = chaosSeed();
  let config = '';
  const tags: string[] = [];
  before(requireDocker);
  before(async () => (config = await writeConfig('image-deleted', 'cleanup:\n  failed: remove\n')));
  afterEach(async () => {
    await pods.cleanUp();
    for (const tag of tags.splice(0)) await docker.getImage(tag).remove({ force: true }).catch(() => {});
  });
  after(() => removeConfig(config));

  it(`fails the pod with the image's name, or runs it when the deletion came too late, never hangs, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const counts = { deleted: 0, failedClearly: 0, ranAnyway: 0, hangs: 0, left: 0 };
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const image = runImage(run);
      await docker.getImage(TEST_IMAGE).tag({ repo: image.slice(0, image.lastIndexOf(':')), tag: image.slice(image.lastIndexOf(':') + 1) });
      tags.push(image);
      const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: composeFor(image) }], env: { COMPOSE_EXECUTOR_CONFIG: config } });
      // From the executor's start: its launch, pull check and creates all fall within the first second.
      await pause(random.between(100, 700));
      await docker.getImage(image).remove({ force: true });
      counts.deleted++;
      const terminalOrRunning = await pod.waitForState(['TASK_RUNNING', 'TASK_FAILED'], 30_000).catch(() => undefined);
      if (terminalOrRunning?.state === 'TASK_RUNNING') {
        counts.ranAnyway++;
        pod.kill();
      }
      const terminal = await pod.waitForState(['TASK_FAILED', 'TASK_KILLED'], 30_000).catch(() => undefined);
      const exited = await pod.finished(20_000).then(() => true, () => false);
      if (terminal === undefined || !exited) counts.hangs++;
      else if (terminal.state === 'TASK_FAILED' && (terminal.status.message ?? '').includes(image)) counts.failedClearly++;
      counts.left += await leftCount(pod.taskId);
      outcomes.push(`${pod.states().join(' ')} "${terminal?.status.message ?? ''}" (${(await containersOf(pod.taskId)).length} containers)`);
      await pods.cleanUp();
    }
    report(seed, [[counts.deleted, 'images deleted mid-launch'], [counts.failedClearly, 'TASK_FAILED naming the image'], [counts.ranAnyway, 'deleted too late to matter'], [counts.hangs, 'hangs'], [counts.left, 'resources left']]);
    expect(counts.failedClearly + counts.ranAnyway, outcomes.join('\n')).to.equal(RUNS);
    expect({ hangs: counts.hangs, left: counts.left }, outcomes.join('\n')).to.deep.equal({ hangs: 0, left: 0 });
  });
});
