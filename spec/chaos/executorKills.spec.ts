import { expect } from 'chai';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, pause, report, suiteTimeout } from './chaosRuns.js';
import { collectGarbage, leftCount, removeConfig, removeVolumes, writeConfig } from './podTraces.js';

const RUNS = chaosRuns(3);
const MOMENTS = ['launching', 'running', 'killing'] as const;

// A network and a named volume besides the containers, so gc has all three kinds to find.
const files = [{
  name: 'docker-compose.yml',
  text: JSON.stringify({
    services: {
      db: { image: TEST_IMAGE, ...LONG_RUNNING, volumes: ['data:/data'] },
      web: { image: TEST_IMAGE, command: ['sh', '-c', "trap 'sleep 1; exit 0' TERM; sleep 3600 & wait"], depends_on: ['db'] },
    },
    volumes: { data: {} },
  }),
}];

/** Waits until the chosen moment of the pod's life, give or take a random delay. */
async function reach(pod: LocalPod, moment: (typeof MOMENTS)[number], random: SeededRandom): Promise<void> {
  await pod.agent.waitForSubscribe(15_000);
  if (moment === 'launching') return pause(random.between(0, 1200));
  await pod.waitForState(['TASK_RUNNING'], 30_000);
  if (moment === 'killing') {
    pod.kill();
    await pause(random.between(0, 1200));
  }
}

describe('chaos: the executor SIGKILLed at random moments, then compose-executor gc', function () {
  this.timeout(suiteTimeout(RUNS, 20_000));
  const pods = new PodsUnderTest();
  const seed = chaosSeed();
  const counts = { kills: 0, left: 0 };
  const taskIds: string[] = [];
  let config = '';
  before(requireDocker);
  // Failed pods are kept by default for inspection; gc here must find everything due.
  before(async () => (config = await writeConfig('executor-kills', 'cleanup:\n  failed: remove\n  kept_for: 0secs\n')));
  afterEach(async () => {
    await pods.cleanUp();
    for (const taskId of taskIds) await removeVolumes(taskId);
  });
  after(() => removeConfig(config));
  after(() => report(seed, [[counts.kills, 'executor SIGKILLs'], [counts.left, 'containers, networks or volumes left after gc']]));

  it(`leaves no container, network or volume after gc, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const moment = random.pick(MOMENTS);
      const pod = await pods.start({ files, env: { COMPOSE_EXECUTOR_CONFIG: config }, killGracePeriodSeconds: 5 });
      taskIds.push(pod.taskId);
      await reach(pod, moment, random);
      pod.executor.child.kill('SIGKILL');
      await pod.executor.exited;
      counts.kills++;
      const stateAtKill = pod.states().at(-1) ?? 'none';
      const before = await leftCount(pod.taskId);

      await collectGarbage(config);
      const left = await leftCount(pod.taskId);
      counts.left += left;
      outcomes.push(`${moment} (${stateAtKill}): ${before} before gc, ${left} after`);
      await pods.cleanUp();
    }
    expect(counts, outcomes.join('\n')).to.deep.equal({ kills: RUNS, left: 0 });
  });
});
