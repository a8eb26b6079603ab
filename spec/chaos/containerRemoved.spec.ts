import { expect } from 'chai';
import { PodsUnderTest, LONG_RUNNING, composeFile, containersOf, docker, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, pause, report, suiteTimeout } from './chaosRuns.js';
import { leftCount, removeConfig, writeConfig } from './podTraces.js';

const RUNS = chaosRuns(3);
const files = [{ name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) }];

describe('chaos: a container removed from outside the executor', function () {
  this.timeout(suiteTimeout(RUNS, 20_000));
  const pods = new PodsUnderTest();
  const seed = chaosSeed();
  let config = '';
  before(requireDocker);
  before(async () => (config = await writeConfig('container-removed', 'cleanup:\n  failed: remove\n')));
  afterEach(() => pods.cleanUp());
  after(() => removeConfig(config));

  it(`fails the pod naming the service, with nothing left, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const counts = { removed: 0, clearFailures: 0, left: 0 };
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const pod = await pods.start({ files, env: { COMPOSE_EXECUTOR_CONFIG: config } });
      await pod.waitForState(['TASK_RUNNING'], 30_000);
      await pause(random.between(0, 500));
      const service = random.pick(['db', 'web']);
      const victim = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === service)!;
      await docker.getContainer(victim.Id).remove({ force: true });
      counts.removed++;
      const failed = await pod.waitForState(['TASK_FAILED'], 20_000).catch(() => undefined);
      await pod.finished(20_000);
      const message = failed?.status.message ?? '';
      if (message.includes(`service ${service}`)) counts.clearFailures++;
      counts.left += await leftCount(pod.taskId);
      outcomes.push(`${service}: ${pod.states().join(' ')} "${message}"`);
      await pods.cleanUp();
    }
    report(seed, [[counts.removed, 'containers removed from outside'], [counts.clearFailures, 'TASK_FAILED naming the service'], [counts.left, 'resources left']]);
    expect(counts, outcomes.join('\n')).to.deep.equal({ removed: RUNS, clearFailures: RUNS, left: 0 });
  });
});
