import { expect } from 'chai';
import { answer503For, refuseConnectionsFor } from '../../src/agent/agentFaults.js';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, readLog, requireDocker } from '../integration/support.js';
import { SeededRandom, chaosRuns, chaosSeed, pause, report, suiteTimeout } from './chaosRuns.js';
import { containerFacts, updateLedger } from './podTraces.js';

const RUNS = chaosRuns(3);
const MOMENTS = ['launching', 'running', 'killing'] as const;

// web takes a second to stop, so a fault can land while the pod is killing.
const SLOW_TO_STOP = { command: ['sh', '-c', "trap 'sleep 1; exit 0' TERM; sleep 3600 & wait"] };
const files = [{ name: 'docker-compose.yml', text: composeFile({ db: LONG_RUNNING, web: { ...SLOW_TO_STOP, depends_on: ['db'] } }) }];

/** An agent restart (connections refused, then 503 while it recovers) or a dropped event stream. */
async function agentFault(pod: LocalPod, random: SeededRandom): Promise<string> {
  const kind = random.pick(['restart', 'disconnect', 'abrupt disconnect'] as const);
  if (kind === 'restart') {
    const down = random.between(200, 1500);
    const recovering = random.between(0, 800);
    await refuseConnectionsFor(pod.agent, down);
    await answer503For(pod.agent, recovering);
    return `${kind} ${down}+${recovering}ms`;
  }
  pod.agent.disconnect({ abrupt: kind === 'abrupt disconnect' });
  return kind;
}

/** Until the executor subscribed `count` times, or the pod ended first. */
async function resubscribed(pod: LocalPod, count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pod.agent.subscriptions.length < count && pod.executor.child.exitCode === null) {
    if (Date.now() > deadline) throw new Error(`the executor did not re-subscribe within ${timeoutMs} ms`);
    await pause(50);
  }
}

describe('chaos: the agent restarts or drops the stream at random moments of a pod', function () {
  this.timeout(suiteTimeout(RUNS, 20_000));
  const pods = new PodsUnderTest();
  const seed = chaosSeed();
  const counts = { faults: 0, lost: 0, duplicatedTerminal: 0, touched: 0 };
  before(requireDocker);
  afterEach(() => pods.cleanUp());
  after(() =>
    report(seed, [
      [counts.faults, 'agent restarts/disconnects'],
      [counts.lost, 'lost updates'],
      [counts.duplicatedTerminal, 'duplicated terminal updates'],
      [counts.touched, 'pods touched'],
    ]),
  );

  it(`loses no update, repeats no terminal update and leaves the pod alone, ${RUNS} times`, async () => {
    const random = new SeededRandom(seed);
    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const moment = random.pick(MOMENTS);
      const pod = await pods.start({ files, checkpoint: true, recoveryTimeout: '30secs', subscriptionBackoffMax: '300ms', killGracePeriodSeconds: 5 });
      await pod.agent.waitForSubscribe(15_000);
      let before: Awaited<ReturnType<typeof containerFacts>> | undefined;
      if (moment === 'launching') await pause(random.between(0, 800));
      else await pod.waitForState(['TASK_RUNNING'], 30_000);
      if (moment === 'running') before = await containerFacts(pod.taskId);
      if (moment === 'killing') {
        pod.kill();
        await pause(random.between(0, 900));
      }
      const subscribed = pod.agent.subscriptions.length;
      const fault = await agentFault(pod, random);
      counts.faults++;
      await resubscribed(pod, subscribed + 1);
      if (before !== undefined) {
        await pause(300);
        const after = await containerFacts(pod.taskId);
        if (JSON.stringify(after) !== JSON.stringify(before)) counts.touched++;
      }
      if (moment !== 'killing') {
        await pod.waitForState(['TASK_RUNNING'], 30_000);
        pod.kill();
      }
      await pod.waitForState(['TASK_KILLED', 'TASK_FAILED'], 30_000);
      await pod.finished(30_000);

      const created = (await readLog(pod)).records.filter((r) => r.kind === 'command' && r.command.type === 'container.create').length;
      if (created !== 2) counts.touched++;
      const ledger = await updateLedger(pod);
      counts.lost += ledger.lost;
      counts.duplicatedTerminal += ledger.duplicatedTerminal;
      outcomes.push(`${moment}/${fault}: ${pod.states().join(' ')}, ${ledger.lost} lost of ${ledger.queued}`);
      expect(await containersOf(pod.taskId), `containers left by run ${run}`).to.be.empty;
      await pods.cleanUp();
    }
    expect(counts, outcomes.join('\n')).to.deep.equal({ faults: RUNS, lost: 0, duplicatedTerminal: 0, touched: 0 });
    expect(outcomes.filter((outcome) => !outcome.includes('TASK_KILLED')), 'runs not ending TASK_KILLED').to.be.empty;
  });
});
