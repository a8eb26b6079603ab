import { expect } from 'chai';
import { refuseConnectionsFor, sendMalformedRecord, sendOversizedRecord } from '../../src/agent/agentFaults.js';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, docker, readLog, requireDocker, executorLog } from './support.js';

const pod1 = [{ name: 'docker-compose.yml', text: composeFile({ web: LONG_RUNNING, db: LONG_RUNNING }) }];

/** What would show if the executor had touched a container: its id, whether it runs, when it last started. */
async function containerFacts(taskId: string) {
  const facts = await Promise.all((await containersOf(taskId)).map(async (c) => (await docker.getContainer(c.Id).inspect())));
  return facts.map((c) => ({ id: c.Id, running: c.State.Running, startedAt: c.State.StartedAt })).sort((a, b) => a.id.localeCompare(b.id));
}


const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function exitReason(pod: LocalPod): Promise<string | undefined> {
  const exit = (await readLog(pod)).records.find((r) => r.kind === 'command' && r.command.type === 'executor.exit');
  return exit?.kind === 'command' && exit.command.type === 'executor.exit' ? exit.command.reason : undefined;
}

describe('an executor whose agent goes away', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  for (const encoding of ['json', 'protobuf'] as const) {
    it(`re-subscribes (${encoding}) with its unacknowledged updates and task, which the agent gets once more, and leaves the pod alone`, async () => {
      const pod = await pods.start({ files: pod1, checkpoint: true, subscriptionBackoffMax: '500ms', encoding });
      pod.agent.acknowledgements = 'withhold';
      const running = await pod.waitForState(['TASK_RUNNING']);
      // Let the 202 reach the executor, so the update is resent only inside SUBSCRIBE.
      await pause(300);
      const before = await containerFacts(pod.taskId);

      const restart = refuseConnectionsFor(pod.agent, 1000);
      pod.agent.acknowledgements = 'send';
      await restart;
      await pod.agent.waitForUpdate((u) => u.uuid === running.uuid && u.viaSubscribe, 10_000);
      await pause(500);

      const resubscription = pod.agent.subscriptions[1]!.subscribe!;
      expect(resubscription.unacknowledged_tasks!.map((task) => task['task_id'].value)).to.deep.equal([pod.taskId]);
      expect(resubscription.unacknowledged_updates!.map((u) => u.status.state)).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING']);
      const copies = pod.agent.updates.filter((u) => u.uuid === running.uuid);
      expect(copies.map((u) => ({ duplicate: u.duplicate, viaSubscribe: u.viaSubscribe }))).to.deep.equal([
        { duplicate: false, viaSubscribe: false },
        { duplicate: true, viaSubscribe: true },
      ]);
      expect(pod.agent.calls.filter((call) => call.type === 'SUBSCRIBE' && call.httpStatus === 200).map((call) => call.contentType)).to.deep.equal(
        Array(2).fill(encoding === 'json' ? 'application/json' : 'application/x-protobuf'),
      );
      const after = await containerFacts(pod.taskId);
      expect(after).to.deep.equal(before);
      expect(after.every((c) => c.running)).to.equal(true);

      pod.kill();
      await pod.finished(20_000);
      expect(pod.states()).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
    });
  }

  it('re-subscribes after a malformed and after an oversized record, the pod untouched', async () => {
    const pod = await pods.start({ files: pod1, checkpoint: true, subscriptionBackoffMax: '300ms' });
    await pod.waitForState(['TASK_RUNNING']);
    const before = await containerFacts(pod.taskId);

    sendMalformedRecord(pod.agent);
    await until(() => pod.agent.subscriptions.length === 2);
    sendOversizedRecord(pod.agent, 64 * 1024 * 1024);
    await until(() => pod.agent.subscriptions.length === 3);

    expect(await containerFacts(pod.taskId)).to.deep.equal(before);
    const logged = await executorLog(pod);
    expect(logged).to.contain('record length prefix is not a decimal number');
    expect(logged).to.contain('exceeds the limit');
    pod.kill();
    await pod.finished(20_000);
  });

  it('kills the pod and exits when the agent stays away past the recovery timeout', async () => {
    const pod = await pods.start({ files: pod1, checkpoint: true, recoveryTimeout: '2secs', subscriptionBackoffMax: '300ms' });
    await pod.waitForState(['TASK_RUNNING']);
    await pod.agent.setUnavailable(true, 'refuse');

    const exit = await pod.finished(20_000);
    expect(exit.code).to.equal(0);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await exitReason(pod)).to.equal('could not re-subscribe to the agent within the recovery timeout');
  });

  it('kills the pod and exits on a disconnection when the framework does not checkpoint', async () => {
    const pod = await pods.start({ files: pod1, checkpoint: false });
    await pod.waitForState(['TASK_RUNNING']);
    pod.agent.disconnect();

    const exit = await pod.finished(20_000);
    expect(exit.code).to.equal(0);
    expect(await containersOf(pod.taskId)).to.be.empty;
    expect(await exitReason(pod)).to.equal('the agent disconnected and the framework does not checkpoint');
    expect(pod.agent.subscriptions).to.have.length(1);
  });
});

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await pause(20);
  }
}
