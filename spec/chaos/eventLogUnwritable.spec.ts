import { expect } from 'chai';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, composeFile, executorLog, removeLeftovers, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, report, suiteTimeout } from './chaosRuns.js';
import { leftCount } from './podTraces.js';

const RUNS = chaosRuns(2);
const files = [{ name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } }) }];

/** The sandbox's events.jsonl as a full disk (every write fails ENOSPC) or as something no file can be opened on. */
async function spoilEventLog(sandbox: string, how: 'disk full' | 'unopenable'): Promise<void> {
  const log = path.join(sandbox, 'events.jsonl');
  // As root, permissions stop no write: /dev/full and a directory fail for anyone.
  if (how === 'disk full') await symlink('/dev/full', log);
  else await mkdir(log);
}

// Not PodsUnderTest: there is no log to replay.
describe('chaos: the sandbox event log cannot be written', function () {
  this.timeout(suiteTimeout(RUNS, 20_000));
  const seed = chaosSeed();
  const started: LocalPod[] = [];
  before(requireDocker);
  afterEach(async () => {
    for (const pod of started.splice(0)) {
      pod.executor.child.kill('SIGKILL');
      await pod.agent.stop().catch(() => {});
      await removeLeftovers(pod.taskId);
      await rm(pod.sandbox, { recursive: true, force: true });
    }
  });

  it(`runs and kills the pod cleanly and logs the problem, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const counts = { spoiled: 0, clean: 0, logged: 0, inUpdates: 0, left: 0 };
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const how = random.pick(['disk full', 'unopenable'] as const);
      const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-sandbox-'));
      await spoilEventLog(sandbox, how);
      counts.spoiled++;
      const pod = await LocalPod.start({ files, sandbox });
      started.push(pod);
      await pod.waitForState(['TASK_RUNNING'], 30_000);
      pod.kill();
      const killed = await pod.waitForState(['TASK_KILLED', 'TASK_FAILED'], 20_000);
      await pod.finished(20_000);
      if (killed.state === 'TASK_KILLED') counts.clean++;
      if ((await executorLog(pod)).includes('the event log cannot be written')) counts.logged++;
      const updates = pod.agent.updates.filter((update) => update.taskId === pod.taskId);
      if (updates.some((update) => (update.status.message ?? '').includes('event log'))) counts.inUpdates++;
      counts.left += await leftCount(pod.taskId);
      outcomes.push(`${how}: ${pod.states().join(' ')} "${killed.status.message ?? ''}"`);
    }
    report(seed, [[counts.spoiled, 'event logs unwritable'], [counts.clean, 'pods run and killed cleanly'], [counts.logged, 'problems in executor.log'], [counts.inUpdates, 'problems in a status update'], [counts.left, 'resources left']]);
    expect(counts, outcomes.join('\n')).to.deep.equal({ spoiled: RUNS, clean: RUNS, logged: RUNS, inUpdates: RUNS, left: 0 });
  });
});
