import { expect } from 'chai';
import { PodsUnderTest, LONG_RUNNING, composeFile, containersOf, docker, readLog, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, pause, report, suiteTimeout } from './chaosRuns.js';
import { leftCount } from './podTraces.js';

const RUNS = chaosRuns(2);
const files = [{ name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) }];

/**
 * Docker tells a pause only as a `pause` event, which the executor does not
 * ask for, and a paused container still inspects as running: today the pod
 * tolerates it (`docker commit` pauses too). What must hold is that killing
 * a paused pod neither hangs nor leaves anything.
 */
describe('chaos: a container paused from outside the executor', function () {
  this.timeout(suiteTimeout(RUNS, 25_000));
  const pods = new PodsUnderTest();
  const seed = chaosSeed();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it(`keeps the pod running, and kills it cleanly while paused, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const counts = { paused: 0, killed: 0, hangs: 0, left: 0 };
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const pod = await pods.start({ files, killGracePeriodSeconds: 2 });
      await pod.waitForState(['TASK_RUNNING'], 30_000);
      const service = random.pick(['db', 'web']);
      const victim = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === service)!;
      await docker.getContainer(victim.Id).pause();
      counts.paused++;
      await pause(random.between(200, 1500));
      const stateWhilePaused = pod.states().at(-1);
      pod.kill();
      const terminal = await pod.waitForState(['TASK_KILLED', 'TASK_FAILED'], 20_000).catch(() => undefined);
      const exited = await pod.finished(20_000).then(() => true, () => false);
      if (terminal === undefined || !exited) counts.hangs++;
      if (terminal?.state === 'TASK_KILLED' && stateWhilePaused === 'TASK_RUNNING') counts.killed++;
      counts.left += await leftCount(pod.taskId);
      const seen = (await readLog(pod)).records.filter((r) => r.kind === 'input' && r.input.type.startsWith('container.')).map((r) => (r.kind === 'input' ? r.input.type : ''));
      outcomes.push(`${service}: ${pod.states().join(' ')} "${terminal?.status.message ?? ''}" inputs ${seen.join(' ')}`);
      await pods.cleanUp();
    }
    report(seed, [[counts.paused, 'containers paused from outside'], [counts.killed, 'paused pods killed cleanly'], [counts.hangs, 'hangs'], [counts.left, 'resources left']]);
    expect(counts, outcomes.join('\n')).to.deep.equal({ paused: RUNS, killed: RUNS, hangs: 0, left: 0 });
  });
});
